import type { ConversationEntity } from '../../model/entities.ts';
import type { Insight } from '../../model/insights.ts';
import type { Member } from '../../model/members.ts';
import type { ConversationMessage } from '../../model/messages.ts';
import type { Topic } from '../../model/topics.ts';
import type { DetectedTracker } from '../../model/trackersDetected.ts';

/** A member joined (first message by a new speaker). */
export interface MembersDelta {
  kind: 'members';
  members: Member[];
}

/** Sentences finalised from one utterance (-> `message_response`). */
export interface MessagesDelta {
  kind: 'messages';
  messages: ConversationMessage[];
}

/** Questions, action items and follow-ups found in the new messages (-> `insight_response`). */
export interface InsightsDelta {
  kind: 'insights';
  insights: Insight[];
}

/**
 * Topics that are new or changed (score, messages, parent) since the previous utterance, plus the
 * ids of topics that fell out of the ranking (-> `topic_response`, keyed by id). `rootWords` are
 * the topic's key words, which topic_response carries.
 */
export interface TopicsDelta {
  kind: 'topics';
  topics: Array<{ topic: Topic; rootWords: string[] }>;
  removedTopicIds: string[];
}

/** Tracker vocabulary found in the new messages and insights, only those refs (-> `tracker_response`). */
export interface TrackersDelta {
  kind: 'trackers';
  trackers: DetectedTracker[];
}

/** Entity occurrences in the new messages, only those refs (-> `entity_response`). */
export interface EntitiesDelta {
  kind: 'entities';
  entities: ConversationEntity[];
}

/**
 * What changed in the conversation after one utterance. A live session turns each into the
 * streaming frame named beside it; ids are those of the Conversation API resources.
 */
export type ConversationDelta =
  | MembersDelta
  | MessagesDelta
  | InsightsDelta
  | TopicsDelta
  | TrackersDelta
  | EntitiesDelta;
