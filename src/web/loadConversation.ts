import type { AnalyticsResponse } from '../model/analytics.ts';
import type { CallScore } from '../model/callScore.ts';
import type { Conversation } from '../model/conversation.ts';
import type { EntitiesResponse } from '../model/entities.ts';
import type { ActionItemsResponse, FollowUpsResponse, QuestionsResponse } from '../model/insights.ts';
import type { MessagesResponse } from '../model/messages.ts';
import type { KeptMediaItem } from '../model/pages.ts';
import type { SummaryResponse } from '../model/summary.ts';
import type { TopicsResponse } from '../model/topics.ts';
import type { TrackersDetectedResponse } from '../model/trackersDetected.ts';
import type { PageApi } from './PageApi.ts';

/** Everything the conversation page shows, read from the Conversation API. */
export interface ConversationData {
  conversation: Conversation;
  messages: MessagesResponse['messages'];
  topics: TopicsResponse['topics'];
  questions: QuestionsResponse['questions'];
  actionItems: ActionItemsResponse['actionItems'];
  followUps: FollowUpsResponse['followUps'];
  entities: EntitiesResponse['entities'];
  trackers: TrackersDetectedResponse;
  analytics: AnalyticsResponse;
  /** Undefined while a job is still running. */
  summary: SummaryResponse['summary'] | undefined;
  /** Undefined when the link does not include it, or while a job is still running. */
  callScore: CallScore | undefined;
  media: KeptMediaItem[];
}

/** Reads the conversation's resources at once (the browser runs the requests in parallel). */
export async function loadConversation(
  api: PageApi,
  conversationId: string,
  includeCallScore: boolean,
): Promise<ConversationData> {
  const base = `/v1/conversations/${encodeURIComponent(conversationId)}`;
  const [
    conversation,
    messages,
    topics,
    questions,
    actionItems,
    followUps,
    entities,
    trackers,
    analytics,
    summary,
    callScore,
    media,
  ] = await Promise.all([
    api.get<Conversation>(base),
    api.get<MessagesResponse>(`${base}/messages?sentiment=true`),
    api.get<TopicsResponse>(`${base}/topics`),
    api.get<QuestionsResponse>(`${base}/questions`),
    api.get<ActionItemsResponse>(`${base}/action-items`),
    api.get<FollowUpsResponse>(`${base}/follow-ups`),
    api.get<EntitiesResponse>(`${base}/entities`),
    api.get<TrackersDetectedResponse>(`${base}/trackers-detected`),
    api.get<AnalyticsResponse>(`${base}/analytics`),
    api.optional<SummaryResponse>(`${base}/summary`),
    includeCallScore ? api.optional<CallScore>(`${base}/callscore`) : Promise.resolve(undefined),
    api.get<{ media: KeptMediaItem[] }>(`${base}/media`),
  ]);
  return {
    conversation,
    messages: messages.messages,
    topics: topics.topics,
    questions: questions.questions,
    actionItems: actionItems.actionItems,
    followUps: followUps.followUps,
    entities: entities.entities,
    trackers,
    analytics,
    summary: summary?.summary,
    callScore,
    media: media.media,
  };
}
