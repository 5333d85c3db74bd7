import { z } from 'zod';
import { IdRef, Score } from './conversationCommon.ts';
import { ActionItem } from './insights.ts';
import { idString } from './lenient.ts';

/*
 * Symbl's Labs endpoints: comprehensive action items and abstract topics of a conversation.
 */

/**
 * A comprehensive action item: an action item (insights.ts) with
 * `messageRefs: [{id}]` in place of `messageIds`; it may combine several sentences.
 */
export const ComprehensiveActionItem = ActionItem.omit({ messageIds: true }).extend({
  messageRefs: z.array(IdRef),
});
export type ComprehensiveActionItem = z.infer<typeof ComprehensiveActionItem>;

/** `GET /v1/conversations/{id}/comprehensive/action-items`. */
export const ComprehensiveActionItemsResponse = z.looseObject({
  actionItems: z.array(ComprehensiveActionItem),
});
export type ComprehensiveActionItemsResponse = z.infer<typeof ComprehensiveActionItemsResponse>;

/** An abstract topic: a theme of the conversation, not necessarily words said in it. */
export const AbstractTopic = z.looseObject({
  id: idString,
  text: z.string(),
  type: z.string(),
  score: Score.optional(),
  messageIds: z.array(idString),
});
export type AbstractTopic = z.infer<typeof AbstractTopic>;

/** `GET /v1/conversations/{id}/abstract-topics`. */
export const AbstractTopicsResponse = z.looseObject({ abstractTopics: z.array(AbstractTopic) });
export type AbstractTopicsResponse = z.infer<typeof AbstractTopicsResponse>;
