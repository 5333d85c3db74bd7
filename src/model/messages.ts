import { z } from 'zod';
import { IsoDateTime, Person, Phrase, Score, Seconds, Sentiment } from './conversationCommon.ts';
import { idString, looseBoolean } from './lenient.ts';

/* GET /v1/conversations/{id}/messages. */

/**
 * Query of GET …/messages. `verbose` adds `words`, `sentiment` adds `sentiment`; both default to
 * false and may arrive as `"true"` / `"1"`. Unknown parameters are ignored.
 */
export const MessagesQuery = z.object({
  verbose: looseBoolean.default(false),
  sentiment: looseBoolean.default(false),
});
export type MessagesQuery = z.infer<typeof MessagesQuery>;

/** One recognised word of a message (only with `verbose=true`). */
export const ConversationWord = z.looseObject({
  /** Token as spoken; may carry punctuation (`"month."`). */
  word: z.string(),
  startTime: IsoDateTime,
  endTime: IsoDateTime,
  /** Recognition confidence; absent for text conversations. */
  score: Score.optional(),
  timeOffset: Seconds.optional(),
  duration: Seconds.optional(),
  /** Modelled by the Go SDK, undocumented; kept when present, never required. */
  speakerTag: z.number().int().optional(),
});
export type ConversationWord = z.infer<typeof ConversationWord>;

/**
 * An entity found by redaction (`[{"type": "SSN", "value", "text", "offset"}]`); only `type` is
 * always present.
 */
export const MessageEntity = z.looseObject({
  type: z.string().min(1),
  value: z.unknown().optional(),
  text: z.string().optional(),
  offset: z.number().int().optional(),
});
export type MessageEntity = z.infer<typeof MessageEntity>;

/**
 * One sentence by one speaker. `phrases` is `[]` unless `detectPhrases` was set (missing is read
 * as `[]`); `timeOffset` / `duration` (seconds since the conversation started, and length) are
 * "Labs" fields, so older cloud data may lack them.
 */
export const ConversationMessage = z.looseObject({
  id: idString,
  text: z.string(),
  from: Person.default({}),
  startTime: IsoDateTime,
  endTime: IsoDateTime,
  timeOffset: Seconds.optional(),
  duration: Seconds.optional(),
  conversationId: idString,
  phrases: z.array(Phrase).default([]),
  /** Only with `sentiment=true`. */
  sentiment: Sentiment.optional(),
  /** Only with `verbose=true`. */
  words: z.array(ConversationWord).optional(),
  /** Only when redaction found something. */
  entities: z.array(MessageEntity).optional(),
});
export type ConversationMessage = z.infer<typeof ConversationMessage>;

/** GET …/messages response; messages in chronological order. */
export const MessagesResponse = z.looseObject({ messages: z.array(ConversationMessage) });
export type MessagesResponse = z.infer<typeof MessagesResponse>;
