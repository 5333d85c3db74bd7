import type { ConversationSnapshot } from '../../engine/conversation/ConversationSnapshot.ts';
import type { JobOutcome } from '../store/StoreRecords.ts';

/**
 * Everything of a Conversation aggregate's snapshot that a store replaces as a whole: every
 * insight family (analytics as its one object) and the conversation's times, members and zone. The
 * messages are left to the caller, which knows which of them are new.
 */
export function snapshotOutcome(snapshot: ConversationSnapshot): Omit<JobOutcome, 'messages'> {
  return {
    insights: {
      topic: snapshot.topics,
      question: snapshot.questions,
      action_item: snapshot.actionItems,
      follow_up: snapshot.followUps,
      entity: snapshot.entities,
      tracker: snapshot.trackers,
      analytics: [snapshot.analytics],
      summary: snapshot.summary,
    },
    conversation: {
      startTime: snapshot.conversation.startTime,
      endTime: snapshot.conversation.endTime,
      members: snapshot.members,
      ...(snapshot.conversation.timeZone === undefined ? {} : { timeZone: snapshot.conversation.timeZone }),
    },
  };
}
