import { z } from 'zod';
import { InsightEntity, IsoDateTime, Person, Phrase, Score } from './conversationCommon.ts';
import { idString } from './lenient.ts';

/*
 * Questions, action items, follow-ups and the legacy combined insights list.
 * A missing `from` / `assignee` reads as `{}` (nobody
 * identified), missing `entities` / `phrases` as `[]`, so consumers never test for absence.
 */

/** The fields every insight has: id, text, confidence, source messages and speaker. */
const insightFields = {
  id: idString,
  text: z.string(),
  score: Score,
  messageIds: z.array(idString),
  /** Who said it; `{}` when unknown. */
  from: Person.default({}),
};

/**
 * A question: explicit questions and requests for information, answered or not. The legacy
 * insights list adds `entities` to questions too.
 */
export const Question = z.looseObject({
  ...insightFields,
  type: z.literal('question'),
  entities: z.array(InsightEntity).optional(),
});
export type Question = z.infer<typeof Question>;

/** Fields of action items and follow-ups (a follow-up is a kind of action item). */
const actionFields = {
  ...insightFields,
  /** People, dates, … inside `text`. */
  entities: z.array(InsightEntity).default([]),
  /** The actionable part of the sentence. */
  phrases: z.array(Phrase).default([]),
  /**
   * `true` for a committed task ("I will do X today"), `false` for an idea or suggestion. Absent
   * in the documentation's follow-up and legacy insight examples, so optional; Parley always emits it.
   */
  definitive: z.boolean().optional(),
  /** Who should act; `{}` when unknown. */
  assignee: Person.default({}),
  /** Due date resolved from a date entity; absent when none. */
  dueBy: IsoDateTime.optional(),
};

/** An action item. */
export const ActionItem = z.looseObject({ ...actionFields, type: z.literal('action_item') });
export type ActionItem = z.infer<typeof ActionItem>;

/**
 * A follow-up: an action item that is an email, call or meeting to set up. `score` is a
 * number (the Go SDK declares an integer, which is a bug there).
 */
export const FollowUp = z.looseObject({ ...actionFields, type: z.literal('follow_up') });
export type FollowUp = z.infer<typeof FollowUp>;

/** An item of the legacy combined list, told apart by `type`. Topics are not insights here. */
export const Insight = z.discriminatedUnion('type', [ActionItem, Question, FollowUp]);
export type Insight = z.infer<typeof Insight>;

/** GET …/questions response. */
export const QuestionsResponse = z.looseObject({ questions: z.array(Question) });
export type QuestionsResponse = z.infer<typeof QuestionsResponse>;

/** GET …/action-items response. */
export const ActionItemsResponse = z.looseObject({ actionItems: z.array(ActionItem) });
export type ActionItemsResponse = z.infer<typeof ActionItemsResponse>;

/** GET …/follow-ups response. */
export const FollowUpsResponse = z.looseObject({ followUps: z.array(FollowUp) });
export type FollowUpsResponse = z.infer<typeof FollowUpsResponse>;

/** GET …/insights response: action items, questions and follow-ups in one array. */
export const InsightsResponse = z.looseObject({ insights: z.array(Insight) });
export type InsightsResponse = z.infer<typeof InsightsResponse>;
