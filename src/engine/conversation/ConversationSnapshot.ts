import type { AnalyticsResponse } from '../../model/analytics.ts';
import type { Conversation } from '../../model/conversation.ts';
import type { ConversationEntity } from '../../model/entities.ts';
import type { ActionItem, FollowUp, Insight, Question } from '../../model/insights.ts';
import type { Member } from '../../model/members.ts';
import type { ConversationMessage } from '../../model/messages.ts';
import type { SummaryItem } from '../../model/summary.ts';
import type { Topic } from '../../model/topics.ts';
import type { DetectedTracker } from '../../model/trackersDetected.ts';

/**
 * Every Conversation API resource of one conversation, in its wire shape:
 * what the server stores and serves. Messages carry `sentiment` and `words` always; the server
 * drops them unless the query asks (`sentiment=true`, `verbose=true`).
 */
export interface ConversationSnapshot {
  conversation: Conversation;
  messages: ConversationMessage[];
  topics: Topic[];
  questions: Question[];
  actionItems: ActionItem[];
  followUps: FollowUp[];
  /** Questions, action items and follow-ups in message order (legacy combined list). */
  insights: Insight[];
  members: Member[];
  entities: ConversationEntity[];
  /** trackers-detected: the bare array. */
  trackers: DetectedTracker[];
  analytics: AnalyticsResponse;
  summary: SummaryItem[];
}
