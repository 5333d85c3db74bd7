import type { AnalyticsResponse } from '../../model/analytics.ts';
import type { ActionItem, FollowUp, Question } from '../../model/insights.ts';
import type { ConversationMessage } from '../../model/messages.ts';

/** What a call score is computed from: a conversation's Conversation API resources. */
export interface CallScoreInput {
  /** In chronological order, with `sentiment` where it was computed. */
  messages: readonly ConversationMessage[];
  questions: readonly Question[];
  actionItems: readonly ActionItem[];
  followUps: readonly FollowUp[];
  analytics: AnalyticsResponse;
}

/** One scored criterion, in the wire shape of the call score (`feedback` says what went well and what did not). */
export interface ScoredCriterion {
  name: string;
  /** 0 to 100. */
  score: number;
  /** Why this score, in a sentence or two. */
  summary: string;
  feedback: { positive: { summary: string }; negative: { summary: string } };
}

/** A score between 0 and 100, rounded to an integer. */
export function clampScore(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(100, Math.max(0, value)));
}

/** Who said a message, as one string (member id, else user id, else name). */
export function speakerOf(message: ConversationMessage): string {
  return message.from.id ?? message.from.userId ?? message.from.name ?? '';
}

/** Minutes between the first message's start and the last one's end (0 without messages). */
export function conversationMinutes(messages: readonly ConversationMessage[]): number {
  if (messages.length === 0) return 0;
  const start = Math.min(...messages.map((m) => Date.parse(m.startTime)));
  const end = Math.max(...messages.map((m) => Date.parse(m.endTime)));
  return Math.max(0, end - start) / 60_000;
}
