import type { ConversationSnapshot } from '../../engine/conversation/ConversationSnapshot.ts';
import { snapshotOutcome } from '../jobs/snapshotOutcome.ts';
import type { ConversationRecord, JobOutcome } from '../store/StoreRecords.ts';

/** What a live conversation is stored as: its record, and its results as a job would leave them. */
export interface LiveConversationRecord {
  record: ConversationRecord;
  outcome: JobOutcome;
}

/**
 * A live conversation as it stands, in the store's terms. Start and end times are set once it has
 * a message (before that the conversation has no time span).
 */
export function liveConversationRecord(
  snapshot: ConversationSnapshot,
  conversation: { id: string; appId: string; type: string; name: string; createdAt: string },
): LiveConversationRecord {
  const span =
    snapshot.messages.length > 0
      ? { startTime: snapshot.conversation.startTime, endTime: snapshot.conversation.endTime }
      : {};
  const zone =
    snapshot.conversation.timeZone === undefined ? {} : { timeZone: snapshot.conversation.timeZone };
  return {
    record: { ...conversation, members: snapshot.members, metadata: {}, ...span, ...zone },
    outcome: {
      messages: snapshot.messages,
      insights: snapshotOutcome(snapshot).insights,
      conversation: { members: snapshot.members, ...span, ...zone },
    },
  };
}
