import type { Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import type { AnalyticsResponse } from '../model/analytics.ts';
import type {
  Conversation,
  ConversationDeleteResponse,
  ConversationList,
  ConversationUpdateRequest,
  ConversationUpdateResponse,
} from '../model/conversation.ts';
import type { EntitiesResponse } from '../model/entities.ts';
import type {
  ActionItemsResponse,
  FollowUpsResponse,
  InsightsResponse,
  QuestionsResponse,
} from '../model/insights.ts';
import type { MembersResponse, MemberUpdateResponse } from '../model/members.ts';
import type { MessagesResponse } from '../model/messages.ts';
import type { CallScore, ExperienceResponse, InsightsJobStatus, InsightsUiUrl } from '../model/other.ts';
import type { SpeakerEventsResponse } from '../model/speakerEvents.ts';
import type { SummaryResponse } from '../model/summary.ts';
import type { TopicsResponse } from '../model/topics.ts';
import type { TrackersDetectedResponseAnyShape } from '../model/trackersDetected.ts';
import type { FormattedTranscriptResponse } from '../model/transcript.ts';
import { createExperience, type ExperienceRequestInput } from './createExperience.ts';
import { deleteConversation } from './deleteConversation.ts';
import { getActionItems } from './getActionItems.ts';
import { getAnalytics } from './getAnalytics.ts';
import { getCallScore } from './getCallScore.ts';
import { getCallScoreInsightsUrl } from './getCallScoreInsightsUrl.ts';
import { getCallScoreStatus } from './getCallScoreStatus.ts';
import { getConversation } from './getConversation.ts';
import { getEntities } from './getEntities.ts';
import { getFollowUps } from './getFollowUps.ts';
import { type FormattedTranscriptOptions, getFormattedTranscript } from './getFormattedTranscript.ts';
import { getInsights } from './getInsights.ts';
import { getMembers } from './getMembers.ts';
import { getMessages, type MessagesParameters } from './getMessages.ts';
import { getQuestions } from './getQuestions.ts';
import { getSummary, type SummaryParameters } from './getSummary.ts';
import { getTopics, type TopicsParameters } from './getTopics.ts';
import { getTrackers } from './getTrackers.ts';
import { type ListConversationsQuery, listConversations } from './listConversations.ts';
import { updateConversation } from './updateConversation.ts';
import { type MemberUpdate, updateMember } from './updateMember.ts';
import { type SpeakerEventsInput, updateSpeakerEvents } from './updateSpeakerEvents.ts';

/**
 * The Conversation API with the conversation id as first argument, like the Python SDK's
 * `symbl.Conversations`. Every method returns a cold Observable: nothing is sent until you
 * subscribe, each subscription sends once, and unsubscribing aborts the request.
 */
export interface ConversationsApi {
  list(query?: ListConversationsQuery): Observable<ConversationList>;
  getConversation(conversationId: string): Observable<Conversation>;
  updateConversation(
    conversationId: string,
    body: ConversationUpdateRequest,
  ): Observable<ConversationUpdateResponse>;
  deleteConversation(conversationId: string): Observable<ConversationDeleteResponse>;
  getMessages(conversationId: string, parameters?: MessagesParameters): Observable<MessagesResponse>;
  getTopics(conversationId: string, parameters?: TopicsParameters): Observable<TopicsResponse>;
  getQuestions(conversationId: string): Observable<QuestionsResponse>;
  getActionItems(conversationId: string): Observable<ActionItemsResponse>;
  getFollowUps(conversationId: string): Observable<FollowUpsResponse>;
  getInsights(conversationId: string): Observable<InsightsResponse>;
  getMembers(conversationId: string): Observable<MembersResponse>;
  updateMember(
    conversationId: string,
    memberId: string,
    member: MemberUpdate,
  ): Observable<MemberUpdateResponse>;
  updateSpeakerEvents(conversationId: string, events: SpeakerEventsInput): Observable<SpeakerEventsResponse>;
  getEntities(conversationId: string): Observable<EntitiesResponse>;
  getTrackers(conversationId: string): Observable<TrackersDetectedResponseAnyShape>;
  getAnalytics(conversationId: string): Observable<AnalyticsResponse>;
  getSummary(conversationId: string, parameters?: SummaryParameters): Observable<SummaryResponse>;
  getFormattedTranscript(
    conversationId: string,
    options?: FormattedTranscriptOptions,
  ): Observable<FormattedTranscriptResponse>;
  /** The URL of a page showing the conversation (Experience API). */
  createExperience(conversationId: string, request: ExperienceRequestInput): Observable<ExperienceResponse>;
  getCallScore(conversationId: string): Observable<CallScore>;
  getCallScoreStatus(conversationId: string): Observable<InsightsJobStatus>;
  getCallScoreInsightsUrl(conversationId: string): Observable<InsightsUiUrl>;
}

/** The Conversation API over `http`. */
export function conversationsApi(http: HttpTransport): ConversationsApi {
  return {
    list: (query) => listConversations(http, query),
    getConversation: (id) => getConversation(http, id),
    updateConversation: (id, body) => updateConversation(http, id, body),
    deleteConversation: (id) => deleteConversation(http, id),
    getMessages: (id, parameters) => getMessages(http, id, parameters),
    getTopics: (id, parameters) => getTopics(http, id, parameters),
    getQuestions: (id) => getQuestions(http, id),
    getActionItems: (id) => getActionItems(http, id),
    getFollowUps: (id) => getFollowUps(http, id),
    getInsights: (id) => getInsights(http, id),
    getMembers: (id) => getMembers(http, id),
    updateMember: (id, memberId, member) => updateMember(http, id, memberId, member),
    updateSpeakerEvents: (id, events) => updateSpeakerEvents(http, id, events),
    getEntities: (id) => getEntities(http, id),
    getTrackers: (id) => getTrackers(http, id),
    getAnalytics: (id) => getAnalytics(http, id),
    getSummary: (id, parameters) => getSummary(http, id, parameters),
    getFormattedTranscript: (id, options) => getFormattedTranscript(http, id, options),
    createExperience: (id, request) => createExperience(http, id, request),
    getCallScore: (id) => getCallScore(http, id),
    getCallScoreStatus: (id) => getCallScoreStatus(http, id),
    getCallScoreInsightsUrl: (id) => getCallScoreInsightsUrl(http, id),
  };
}
