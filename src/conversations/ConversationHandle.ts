import { type Observable, of, switchMap } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import type { AnalyticsResponse } from '../model/analytics.ts';
import type {
  Conversation,
  ConversationDeleteResponse,
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
import { conversationsApi } from './ConversationsApi.ts';
import type { ExperienceRequestInput } from './createExperience.ts';
import type { FormattedTranscriptOptions } from './getFormattedTranscript.ts';
import type { MessagesParameters } from './getMessages.ts';
import type { SummaryParameters } from './getSummary.ts';
import type { TopicsParameters } from './getTopics.ts';
import type { MemberUpdate } from './updateMember.ts';
import type { SpeakerEventsInput } from './updateSpeakerEvents.ts';

/**
 * One conversation's Conversation API, the id bound (the Python SDK's conversation object). For a
 * job's conversation the id becomes known once the job is submitted; each method waits for it.
 * Methods are cold Observables, like {@link ConversationsApi}'s. Results read before the job
 * completes may be partial: wait for the job first (`concat(job.pipe(ignoreElements()), ...)`).
 */
export interface ConversationHandle {
  /** The conversation id (submits the job if that has not happened yet). */
  conversationId(): Observable<string>;
  getConversation(): Observable<Conversation>;
  updateConversation(body: ConversationUpdateRequest): Observable<ConversationUpdateResponse>;
  deleteConversation(): Observable<ConversationDeleteResponse>;
  getMessages(parameters?: MessagesParameters): Observable<MessagesResponse>;
  getTopics(parameters?: TopicsParameters): Observable<TopicsResponse>;
  getQuestions(): Observable<QuestionsResponse>;
  getActionItems(): Observable<ActionItemsResponse>;
  getFollowUps(): Observable<FollowUpsResponse>;
  getInsights(): Observable<InsightsResponse>;
  getMembers(): Observable<MembersResponse>;
  updateMember(memberId: string, member: MemberUpdate): Observable<MemberUpdateResponse>;
  updateSpeakerEvents(events: SpeakerEventsInput): Observable<SpeakerEventsResponse>;
  getEntities(): Observable<EntitiesResponse>;
  getTrackers(): Observable<TrackersDetectedResponseAnyShape>;
  getAnalytics(): Observable<AnalyticsResponse>;
  getSummary(parameters?: SummaryParameters): Observable<SummaryResponse>;
  getFormattedTranscript(options?: FormattedTranscriptOptions): Observable<FormattedTranscriptResponse>;
  createExperience(request: ExperienceRequestInput): Observable<ExperienceResponse>;
  getCallScore(): Observable<CallScore>;
  getCallScoreStatus(): Observable<InsightsJobStatus>;
  getCallScoreInsightsUrl(): Observable<InsightsUiUrl>;
}

/** A handle on the conversation `id` (a known id, or an Observable that yields it once). */
export function conversationHandle(http: HttpTransport, id: string | Observable<string>): ConversationHandle {
  const api = conversationsApi(http);
  const id$ = typeof id === 'string' ? of(id) : id;
  const bound = <T>(call: (conversationId: string) => Observable<T>): Observable<T> =>
    id$.pipe(switchMap((conversationId) => call(conversationId)));
  return {
    conversationId: () => id$,
    getConversation: () => bound((c) => api.getConversation(c)),
    updateConversation: (body) => bound((c) => api.updateConversation(c, body)),
    deleteConversation: () => bound((c) => api.deleteConversation(c)),
    getMessages: (parameters) => bound((c) => api.getMessages(c, parameters)),
    getTopics: (parameters) => bound((c) => api.getTopics(c, parameters)),
    getQuestions: () => bound((c) => api.getQuestions(c)),
    getActionItems: () => bound((c) => api.getActionItems(c)),
    getFollowUps: () => bound((c) => api.getFollowUps(c)),
    getInsights: () => bound((c) => api.getInsights(c)),
    getMembers: () => bound((c) => api.getMembers(c)),
    updateMember: (memberId, member) => bound((c) => api.updateMember(c, memberId, member)),
    updateSpeakerEvents: (events) => bound((c) => api.updateSpeakerEvents(c, events)),
    getEntities: () => bound((c) => api.getEntities(c)),
    getTrackers: () => bound((c) => api.getTrackers(c)),
    getAnalytics: () => bound((c) => api.getAnalytics(c)),
    getSummary: (parameters) => bound((c) => api.getSummary(c, parameters)),
    getFormattedTranscript: (options) => bound((c) => api.getFormattedTranscript(c, options)),
    createExperience: (request) => bound((c) => api.createExperience(c, request)),
    getCallScore: () => bound((c) => api.getCallScore(c)),
    getCallScoreStatus: () => bound((c) => api.getCallScoreStatus(c)),
    getCallScoreInsightsUrl: () => bound((c) => api.getCallScoreInsightsUrl(c)),
  };
}
