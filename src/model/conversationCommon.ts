import { z } from 'zod';
import { idString } from './lenient.ts';

/*
 * Objects shared by several Conversation API families: the
 * person, sentiment, insight entity and phrase objects, plus the `{message}` confirmation bodies.
 *
 * Response objects are loose (unknown keys kept) because the client parses Symbl's cloud with
 * them and the cloud adds fields over time; requests live in their family files and are strict.
 */

/**
 * An ISO 8601 timestamp (`"2020-07-10T11:16:21.024Z"`). Parley emits UTC with milliseconds;
 * offsets (`+00:00`) and other precisions are accepted because the cloud has sent both.
 */
export const IsoDateTime = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTime>;

/** Seconds as a float (`timeOffset`, `duration`); never negative. */
export const Seconds = z.number().nonnegative();
export type Seconds = z.infer<typeof Seconds>;

/** `{id}` reference to a message (or, for `bookmarkReference`, a bookmark). */
export const IdRef = z.looseObject({ id: idString });
export type IdRef = z.infer<typeof IdRef>;

/** A 0–1 confidence or relevance score. */
export const Score = z.number().min(0).max(1);
export type Score = z.infer<typeof Score>;

/**
 * The person object used for message `from`, insight `from` / `assignee` and conversation
 * members. Every field is optional: which ones appear depends on how the speaker was identified,
 * and `{}` means nobody was identified (never `null`).
 */
export const Person = z.looseObject({
  /** Member id (UUID) when the person is a conversation member. */
  id: idString.optional(),
  /** Display name; `"Speaker <n>"` for diarized speakers. */
  name: z.string().optional(),
  /** Email, when known. Not format-checked: the cloud echoes whatever clients sent. */
  email: z.string().optional(),
  /** Id supplied by the client (text `from.userId`, streaming `speaker.userId`). */
  userId: z.string().optional(),
});
export type Person = z.infer<typeof Person>;

/** `negative` (score < -0.3), `neutral` (-0.3 … 0.3) or `positive` (score > 0.3). */
export const SentimentSuggestion = z.enum(['positive', 'neutral', 'negative']);
export type SentimentSuggestion = z.infer<typeof SentimentSuggestion>;

/** The sentiment object: polarity score in -1 … 1 and the label it suggests. */
export const Sentiment = z.looseObject({
  polarity: z.looseObject({ score: z.number().min(-1).max(1) }),
  suggested: SentimentSuggestion,
});
export type Sentiment = z.infer<typeof Sentiment>;

/**
 * `value` of a `person` insight entity: `{name, assignee?}`, plus `id` / `userId` when the
 * person is a member. `assignee` is present only when this person is the insight's assignee.
 */
export const PersonEntityValue = z.looseObject({
  name: z.string().optional(),
  assignee: z.boolean().optional(),
  id: idString.optional(),
  userId: z.string().optional(),
});
export type PersonEntityValue = z.infer<typeof PersonEntityValue>;

/**
 * A span of an insight's `text`. `type` is open (`person`, `date`, `daterange`,
 * `datetimerange`, `timerange`, `datetime`, `number`, `organization`, `location`, …). `value` is a
 * string (`date`: `"2024-03-05"`) or an object (`person`); range types carry `start` / `end`
 * instead (`daterange` may have only `end`).
 */
export const InsightEntity = z.looseObject({
  type: z.string().min(1),
  text: z.string(),
  /** 0-based character offset of `text` inside the insight's `text`. */
  offset: z.number().int().nonnegative(),
  value: z.union([z.string(), PersonEntityValue]).optional(),
  start: z.string().optional(),
  end: z.string().optional(),
});
export type InsightEntity = z.infer<typeof InsightEntity>;

/**
 * The actionable part of a sentence. `action_phrase` is the only documented `type`; other
 * strings are accepted so a new cloud type does not break parsing.
 */
export const Phrase = z.looseObject({
  type: z.string().min(1),
  text: z.string(),
});
export type Phrase = z.infer<typeof Phrase>;

/**
 * The `{"message": "..."}` body of confirmations (delete, member update, speaker events) and of
 * 404s. The text is human-readable, not a contract.
 */
export const ConfirmationMessage = z.looseObject({ message: z.string() });
export type ConfirmationMessage = z.infer<typeof ConfirmationMessage>;
