import {
  ConversationAggregate,
  type RestorableMessage,
} from '../../engine/conversation/ConversationAggregate.ts';
import type { ConversationMessage } from '../../model/messages.ts';
import type { SummaryItem } from '../../model/summary.ts';
import type { BookmarkRecord } from '../store/ManagementRecords.ts';

/**
 * The messages a bookmark covers: those it names in `messageRefs` (in conversation order), or,
 * when it names none, those that overlap its span (`beginTimeOffset` for `duration` seconds from
 * the conversation's start).
 */
export function bookmarkMessages(
  bookmark: BookmarkRecord,
  messages: readonly ConversationMessage[],
  conversationStartMs: number,
): ConversationMessage[] {
  if (bookmark.messageRefs.length > 0) {
    const named = new Set(bookmark.messageRefs.map((r) => r.id));
    return messages.filter((m) => named.has(m.id));
  }
  const from = conversationStartMs + bookmark.beginTimeOffset * 1000;
  const to = from + bookmark.duration * 1000;
  return messages.filter((m) => Date.parse(m.startTime) <= to && Date.parse(m.endTime) >= from);
}

/**
 * A summary of the bookmark's messages alone, made as a conversation's summary is (the same
 * extractive summariser over their topics and insights), each item pointing back at the bookmark.
 * Item ids are scoped to the bookmark, so they never equal the conversation summary's.
 */
export function bookmarkSummary(
  bookmark: BookmarkRecord,
  messages: readonly ConversationMessage[],
  conversationStartMs: number,
): SummaryItem[] {
  const covered = bookmarkMessages(bookmark, messages, conversationStartMs);
  if (covered.length === 0) return [];
  const aggregate = new ConversationAggregate({
    conversationId: `${bookmark.conversationId}-bookmark-${bookmark.id}`,
    startTime: conversationStartMs,
  });
  aggregate.restore(covered as RestorableMessage[]);
  const byId = new Map(covered.map((m) => [m.id, m]));
  return aggregate.snapshot().summary.map((item) => {
    const refs = item.messageRefs.map((r) => byId.get(r.id)).filter((m) => m !== undefined);
    return {
      ...item,
      ...(refs[0] === undefined ? {} : { startTime: refs[0].startTime }),
      ...(refs.at(-1) === undefined ? {} : { endTime: refs.at(-1)!.endTime }),
      bookmarkReference: { id: bookmark.id },
    };
  });
}
