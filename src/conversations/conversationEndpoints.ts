import { AnalyticsResponse } from '../model/analytics.ts';
import {
  Bookmark,
  BookmarkSummaryResponse,
  BookmarksEnvelope,
  BookmarksSummaryResponse,
  CreateBookmarkRequest,
  UpdateBookmarkRequest,
} from '../model/bookmarks.ts';
import { CallScore, InsightsJobStatus, InsightsUiUrl } from '../model/callScore.ts';
import {
  Conversation,
  ConversationDeleteResponse,
  ConversationList,
  ConversationUpdateRequest,
  ConversationUpdateResponse,
} from '../model/conversation.ts';
import { EntitiesResponse } from '../model/entities.ts';
import { ExperienceRequest, ExperienceResponse } from '../model/experiences.ts';
import {
  ActionItemsResponse,
  FollowUpsResponse,
  InsightsResponse,
  QuestionsResponse,
} from '../model/insights.ts';
import { MembersResponse, MemberUpdateResponse, memberUpdateRequestFor } from '../model/members.ts';
import { MessagesResponse } from '../model/messages.ts';
import { parse } from '../model/parse.ts';
import { SpeakerEventsRequest, SpeakerEventsResponse } from '../model/speakerEvents.ts';
import { SummaryResponse } from '../model/summary.ts';
import { TopicsResponse } from '../model/topics.ts';
import { TrackersDetectedResponseAnyShape } from '../model/trackersDetected.ts';
import { FormattedTranscriptRequest, FormattedTranscriptResponse } from '../model/transcript.ts';
import { endpoint } from './ConversationEndpoint.ts';
import type {
  BookmarkInput,
  BookmarkUpdate,
  ExperienceRequestInput,
  FormattedTranscriptOptions,
  ListConversationsQuery,
  MemberUpdate,
  MessagesParameters,
  SpeakerEventsInput,
  SummaryParameters,
  TopicsParameters,
} from './ConversationParameters.ts';
import { queryOf } from './queryOf.ts';

/**
 * The Conversation API, one entry per endpoint of a conversation. `ConversationsApi` and
 * `ConversationHandle` have a method of the same name for each; the Python SDK's name is given
 * where it differs.
 */
export const conversationEndpoints = {
  /** `GET /v1/conversations/{id}`: name, type, start and end, members and metadata. */
  getConversation: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}',
    response: Conversation,
    subject: 'conversation',
  }),
  /**
   * `PUT /v1/conversations/{id}`: replaces the conversation's metadata (string values of at most
   * 128 characters). The body is checked before anything is sent.
   */
  updateConversation: endpoint({
    method: 'PUT',
    path: '/v1/conversations/{conversationId}',
    response: ConversationUpdateResponse,
    subject: 'conversation update response',
    request: (body: ConversationUpdateRequest) => ({
      json: parse(ConversationUpdateRequest, body, 'conversation update'),
    }),
  }),
  /** `DELETE /v1/conversations/{id}`: removes the conversation and everything under it. */
  deleteConversation: endpoint({
    method: 'DELETE',
    path: '/v1/conversations/{conversationId}',
    response: ConversationDeleteResponse,
    subject: 'delete confirmation',
  }),
  /** `GET /v1/conversations/{id}/messages`: the transcript, one sentence per message, in order. */
  getMessages: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/messages',
    response: MessagesResponse,
    subject: 'messages',
    request: (parameters: MessagesParameters = {}) => ({ query: queryOf(parameters) }),
  }),
  /** `GET /v1/conversations/{id}/topics`: what the conversation was about, scored. */
  getTopics: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/topics',
    response: TopicsResponse,
    subject: 'topics',
    request: ({ customTopicVocabulary, ...flags }: TopicsParameters = {}) => ({
      query: queryOf({
        ...flags,
        // One parameter holding a JSON array, not a repeated key.
        customTopicVocabulary: customTopicVocabulary && JSON.stringify(customTopicVocabulary),
      }),
    }),
  }),
  /** `GET /v1/conversations/{id}/questions`: explicit questions and requests for information. */
  getQuestions: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/questions',
    response: QuestionsResponse,
    subject: 'questions',
  }),
  /**
   * `GET /v1/conversations/{id}/action-items`: tasks someone committed to or was asked to do, with
   * assignee and due date when said.
   */
  getActionItems: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/action-items',
    response: ActionItemsResponse,
    subject: 'action items',
  }),
  /**
   * `GET /v1/conversations/{id}/follow-ups`: action items that follow up on a request (send an
   * email, call back, set up a meeting).
   */
  getFollowUps: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/follow-ups',
    response: FollowUpsResponse,
    subject: 'follow-ups',
  }),
  /**
   * `GET /v1/conversations/{id}/insights` (legacy): action items, questions and follow-ups in one
   * list, each with its `type`.
   */
  getInsights: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/insights',
    response: InsightsResponse,
    subject: 'insights',
  }),
  /** `GET /v1/conversations/{id}/members`: the speakers of the conversation. */
  getMembers: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/members',
    response: MembersResponse,
    subject: 'members',
  }),
  /**
   * `PUT /v1/conversations/{id}/members/{memberId}`: renames a member (a diarized `Speaker 2`,
   * say) everywhere it appears. The body is checked before sending. Python SDK: `put_members`.
   */
  updateMember: endpoint({
    method: 'PUT',
    path: '/v1/conversations/{conversationId}/members/{memberId}',
    response: MemberUpdateResponse,
    subject: 'member update response',
    request: (memberId: string, member: MemberUpdate) => ({
      params: { memberId },
      json: parse(memberUpdateRequestFor(memberId), member, 'member update'),
    }),
  }),
  /**
   * `PUT /v1/conversations/{id}/speakers`: re-attributes the transcript from a speaker timeline
   * (`started_speaking` / `stopped_speaking` events with offsets from the start). Python SDK:
   * `put_speakers_events`.
   */
  updateSpeakerEvents: endpoint({
    method: 'PUT',
    path: '/v1/conversations/{conversationId}/speakers',
    response: SpeakerEventsResponse,
    subject: 'speaker events response',
    request: (events: SpeakerEventsInput) => ({
      json: parse(SpeakerEventsRequest, events, 'speaker events'),
    }),
  }),
  /**
   * `GET /v1/conversations/{id}/entities`: people, organisations, dates, amounts and custom
   * entities, each with its occurrences (empty unless detectEntities or entities was set at submit
   * time; values stay strings).
   */
  getEntities: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/entities',
    response: EntitiesResponse,
    subject: 'entities',
  }),
  /**
   * `GET /v1/conversations/{id}/trackers-detected`: the trackers that fired, each with the messages
   * and insights that matched (`offset: -1` marks a non-exact match). Always an array, also when a
   * server answers with a single object.
   */
  getTrackers: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/trackers-detected',
    response: TrackersDetectedResponseAnyShape,
    subject: 'detected trackers',
  }),
  /** `GET /v1/conversations/{id}/analytics`: talk time, silence, overlap and pace per member and overall. */
  getAnalytics: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/analytics',
    response: AnalyticsResponse,
    subject: 'analytics',
  }),
  /**
   * `GET /v1/conversations/{id}/summary`. Needs `enableSummary` at submit time or `refresh`;
   * errors with NotFoundError while the conversation is still being processed.
   */
  getSummary: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/summary',
    response: SummaryResponse,
    subject: 'summary',
    request: (parameters: SummaryParameters = {}) => ({ query: queryOf(parameters) }),
  }),
  /**
   * `POST /v1/conversations/{id}/transcript`: the transcript rendered as markdown (the default),
   * SRT or WebVTT (`text/vtt`, Parley's server only). Read the text with `formattedTranscriptText`
   * (model/transcript.ts), whichever payload form the server used.
   */
  getFormattedTranscript: endpoint({
    method: 'POST',
    path: '/v1/conversations/{conversationId}/transcript',
    response: FormattedTranscriptResponse,
    subject: 'formatted transcript',
    idempotent: true,
    request: (options: FormattedTranscriptOptions = {}) => ({
      json: parse(
        FormattedTranscriptRequest,
        { contentType: 'text/markdown', ...options },
        'formatted transcript options',
      ),
    }),
  }),
  /**
   * `POST /v1/conversations/{id}/experiences`: the URL of a page showing the conversation
   * (`verbose-text-summary`, `video-summary` with `videoUrl`, `audio-summary` with `audioUrl`).
   * Parley's server answers with a page of its own behind a signed, expiring, read-only link. The
   * body is checked before anything is sent.
   */
  createExperience: endpoint({
    method: 'POST',
    path: '/v1/conversations/{conversationId}/experiences',
    response: ExperienceResponse,
    subject: 'experience response',
    // Sent as the caller wrote it: the server folds defaults and the `audioURL` spelling itself.
    request: (request: ExperienceRequestInput) => {
      parse(ExperienceRequest, request, 'experience request');
      return { json: request };
    },
  }),
  /**
   * `GET /v1/conversations/{id}/callscore`: the call score and each criterion's score and why.
   * Errors with NotFoundError while the conversation is still being processed.
   */
  getCallScore: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/callscore',
    response: CallScore,
    subject: 'call score',
  }),
  /** `GET /v1/conversations/{id}/callscore/status`: `{jobId, status}` of what the call score waits for. */
  getCallScoreStatus: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/callscore/status',
    response: InsightsJobStatus,
    subject: 'call score status',
  }),
  /**
   * `GET /v1/conversations/experiences/insights/details/{id}?includeCallScore=true`: the URL of the
   * conversation's Insights UI page with its call score (the Python SDK's
   * `get_call_score_insights_url`).
   */
  getCallScoreInsightsUrl: endpoint({
    method: 'GET',
    path: '/v1/conversations/experiences/insights/details/{conversationId}',
    response: InsightsUiUrl,
    subject: 'insights UI URL',
    request: () => ({ query: new URLSearchParams({ includeCallScore: 'true' }) }),
  }),
  /** `GET /v1/conversations/{id}/bookmarks`: the conversation's bookmarks, oldest first. */
  getBookmarks: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/bookmarks',
    response: BookmarksEnvelope,
    subject: 'bookmarks',
  }),
  /**
   * `POST /v1/conversations/{id}/bookmarks`: labels a span of the conversation (its messages, or
   * `beginTimeOffset` and `duration` in seconds). The body is checked before anything is sent.
   */
  createBookmark: endpoint({
    method: 'POST',
    path: '/v1/conversations/{conversationId}/bookmarks',
    response: Bookmark,
    subject: 'bookmark',
    request: (bookmark: BookmarkInput) => ({ json: parse(CreateBookmarkRequest, bookmark, 'bookmark') }),
  }),
  /** `GET /v1/conversations/{id}/bookmarks/{bookmarkId}`. */
  getBookmark: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/bookmarks/{bookmarkId}',
    response: Bookmark,
    subject: 'bookmark',
    request: (bookmarkId: string) => ({ params: { bookmarkId } }),
  }),
  /** `PUT /v1/conversations/{id}/bookmarks/{bookmarkId}`: changes the fields given. */
  updateBookmark: endpoint({
    method: 'PUT',
    path: '/v1/conversations/{conversationId}/bookmarks/{bookmarkId}',
    response: Bookmark,
    subject: 'bookmark',
    request: (bookmarkId: string, update: BookmarkUpdate) => ({
      params: { bookmarkId },
      json: parse(UpdateBookmarkRequest, update, 'bookmark update'),
    }),
  }),
  /** `DELETE /v1/conversations/{id}/bookmarks/{bookmarkId}`: answers with the deleted bookmark. */
  deleteBookmark: endpoint({
    method: 'DELETE',
    path: '/v1/conversations/{conversationId}/bookmarks/{bookmarkId}',
    response: Bookmark,
    subject: 'deleted bookmark',
    request: (bookmarkId: string) => ({ params: { bookmarkId } }),
  }),
  /** `GET /v1/conversations/{id}/bookmarks/{bookmarkId}/summary`: a summary of the bookmarked span alone. */
  getBookmarkSummary: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/bookmarks/{bookmarkId}/summary',
    response: BookmarkSummaryResponse,
    subject: 'bookmark summary',
    request: (bookmarkId: string) => ({ params: { bookmarkId } }),
  }),
  /** `GET /v1/conversations/{id}/bookmarks-summary`: the summary of every bookmark, by bookmark id. */
  getBookmarksSummary: endpoint({
    method: 'GET',
    path: '/v1/conversations/{conversationId}/bookmarks-summary',
    response: BookmarksSummaryResponse,
    subject: 'bookmarks summary',
  }),
};

/** Endpoints of the collection rather than of one conversation. */
export const collectionEndpoints = {
  /** `GET /v1/conversations`: the account's conversations, filtered and paged by `query`. */
  list: endpoint({
    method: 'GET',
    path: '/v1/conversations',
    response: ConversationList,
    subject: 'conversation list',
    request: (query?: ListConversationsQuery) => ({ query: queryOf(query) }),
  }),
};
