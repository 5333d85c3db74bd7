/**
 * `parley/model`: the wire contract of the Symbl API as zod schemas, one per object. Each schema
 * doubles as the TypeScript type of what it checks (`JobStatus` is both). Grouped by API family.
 */

// Analytics of a conversation: talk time, pace, overlap per member.
export {
  AnalyticsMember,
  AnalyticsMetric,
  AnalyticsMetricType,
  AnalyticsResponse,
  MemberOverlap,
  MemberTime,
  OverlappingMember,
} from './analytics.ts';

// The Async API: submitting and appending text, audio and video, by body or URL, and its options.
export {
  AppendPathParams,
  ASYNC_ENDPOINTS,
  ASYNC_LANGUAGE_CODES,
  ASYNC_OPTION_DEFAULTS,
  type AsyncEndpoint,
  AsyncInlineTracker,
  AsyncLanguageCode,
  type AsyncMediaKind,
  AsyncMetadata,
  type AsyncQueryInput,
  AsyncSubmitResponse,
  AsyncTracker,
  AsyncTrackerReference,
  AUDIO_CONTAINERS,
  AUDIO_CONTENT_TYPES,
  ChannelMetadata,
  ChannelMetadataList,
  ChannelSpeaker,
  ConfidenceThreshold,
  ConversationId,
  ConversationType,
  CustomEntity,
  DIARIZATION_LANGUAGE_PREFIXES,
  DiarizationSpeakerCount,
  HttpUrl,
  LooseFlag,
  MAX_MEDIA_DURATION_SECONDS,
  MediaProcessOptions,
  type MediaProcessOptionsInput,
  MediaUrl,
  MediaUrlRequest,
  type MediaUrlRequestInput,
  RecognitionAccuracy,
  RecognitionMode,
  RecognizerBackend,
  TextMessage,
  TextMessageAuthor,
  TextMessageDuration,
  TextMessagePayload,
  TextProcessOptions,
  TextProcessRequest,
  type TextProcessRequestInput,
  TimezoneOffset,
  VIDEO_CONTENT_TYPE,
  WebhookUrl,
} from './asyncApi.ts';

// Authentication: the token request and the access token it returns.
export {
  AccessTokenClaims,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  decodeAccessTokenClaims,
  IssuedAppId,
  IssuedAppSecret,
  TOKEN_MIN_REMAINING_SECONDS,
  TOKEN_PATH,
  TOKEN_REFRESH_MARGIN_SECONDS,
  TokenRequest,
  TokenResponse,
} from './auth.ts';

// Bookmarks: named spans of a conversation.
export {
  Bookmark,
  BookmarkSummaryResponse,
  BookmarksEnvelope,
  BookmarksSummaryResponse,
  BookmarkUser,
  CreateBookmarkRequest,
  UpdateBookmarkRequest,
} from './bookmarks.ts';

// Call score, and the insights page's URL.
export {
  CallScore,
  CallScoreCriterion,
  InsightsJobStatus,
  InsightsUiQuery,
  InsightsUiUrl,
} from './callScore.ts';
// Conversations: list, read, update, delete.
export {
  Conversation,
  ConversationDeleteResponse,
  ConversationList,
  ConversationListQuery,
  ConversationMetadata,
  ConversationUpdateRequest,
  ConversationUpdateResponse,
} from './conversation.ts';
// Objects several Conversation API families share.
export {
  ConfirmationMessage,
  InsightEntity,
  IsoDateTime,
  Person,
  PersonEntityValue,
  Phrase,
  Score,
  Seconds,
  Sentiment,
  SentimentSuggestion,
} from './conversationCommon.ts';
// Conversation groups.
export {
  BulkCreateGroupsRequest,
  ConversationGroup,
  CreateGroupRequest,
  GroupCriteria,
  GroupEnvelope,
  GroupName,
  GroupsEnvelope,
  UpdateGroupRequest,
} from './conversationGroups.ts';
// Entities found in a conversation.
export {
  AnyShapeEntity,
  ConversationEntity,
  EntitiesResponse,
  EntitiesResponseAnyShape,
  EntityMessageRef,
  isManagedEntity,
  ManagedEntity,
  ManagedEntityMessageRef,
} from './entities.ts';
// Error response bodies.
export { ErrorBody, ErrorIssue, RateLimitErrorBody, STATUS_MEANINGS } from './errorBody.ts';
// The Experience API: shareable pages of a conversation.
export {
  ExperienceMediaUrlRequest,
  ExperienceName,
  ExperienceRequest,
  ExperienceResponse,
} from './experiences.ts';
// Questions, action items, follow-ups and the combined insights list.
export {
  ActionItem,
  ActionItemsResponse,
  FollowUp,
  FollowUpsResponse,
  Insight,
  InsightsResponse,
  Question,
  QuestionsResponse,
} from './insights.ts';
// Jobs: status, states, progress (a Parley extension) and the webhook payload.
export {
  isTerminalJobState,
  JOB_STAGES,
  JOB_STATES,
  JobId,
  JobPathParams,
  JobProgress,
  type JobStage,
  JobState,
  JobStatus,
  JobWebhookPayload,
  TERMINAL_JOB_STATES,
} from './job.ts';
// Labs: abstract topics and comprehensive action items.
export {
  AbstractTopic,
  AbstractTopicsResponse,
  ComprehensiveActionItem,
  ComprehensiveActionItemsResponse,
} from './labs.ts';
// Language codes the APIs accept.
export { LANGUAGE_CODES } from './languageCodes.ts';
// Managed entity definitions: custom entities kept with the account.
export {
  BulkCreateEntitiesRequest,
  ManagedEntityDefinition,
  ManagedEntityDefinitionEnvelope,
  ManagedEntityDefinitionInput,
  ManagedEntityDefinitionsEnvelope,
} from './managedEntityDefinitions.ts';

// Members of a conversation.
export { Member, MembersResponse, MemberUpdateRequest, MemberUpdateResponse } from './members.ts';

// Messages (the transcript, sentence by sentence).
export {
  ConversationMessage,
  ConversationWord,
  MessageEntity,
  MessagesQuery,
  MessagesResponse,
} from './messages.ts';

// Checking a value against a schema, with a ValidationError naming each bad field.
export { parse } from './parse.ts';

// Speaker events: who spoke when.
export {
  SpeakerEventOffset,
  SpeakerEventsRequest,
  SpeakerEventsResponse,
  SpeakerTimelineEvent,
  SpeakerTimelineEventType,
  SpeakerTimelineUser,
  speakerEventOffsetSeconds,
} from './speakerEvents.ts';

// The Streaming API's text frames: decoding and encoding either side.
export {
  CLIENT_MESSAGE_TYPES,
  decodeClientFrame,
  decodeServerFrame,
  encodeClientFrame,
  encodeServerFrame,
  KeepAlivePong,
  SERVER_MESSAGE_TYPES,
  ServerMessage,
  SYSTEM_MESSAGE_TYPES,
  TopLevelError,
} from './streaming.ts';

// Streaming API, client to server: start, modify, stop, keep-alive.
export {
  ClientMessage,
  ConnectionId,
  InlineTracker,
  KeepAlivePing,
  ModifyRequest,
  PING_TEXT,
  PONG_TEXT,
  RedactionConfig,
  SampleRateHertz,
  SpeechRecognition,
  STREAMING_AUDIO_ENCODINGS,
  STREAMING_LANGUAGE_CODES,
  StartRequest,
  StartRequestConfig,
  StartRequestTracker,
  StopRequest,
  StreamingAudioEncoding,
  StreamingCloseCode,
  StreamingInsightType,
  StreamingLanguageCode,
  StreamingSpeaker,
  StreamingTrackerConfig,
  TrackerReference,
} from './streamingClientMessages.ts';

// Streaming API, server to client: messages, insights, topics, trackers, entities.
export {
  DateTagValue,
  EntityResponse,
  InsightHint,
  InsightResponse,
  InsightTag,
  MessageResponse,
  PersonTagValue,
  StreamingEntity,
  StreamingInsight,
  StreamingInsightKind,
  StreamingMessage,
  StreamingMessageEntity,
  StreamingPayload,
  StreamingSentiment,
  StreamingTopic,
  StreamingTracker,
  StreamingTrackerMatch,
  TopicResponse,
  TrackerResponse,
} from './streamingResults.ts';

// Streaming API: the settings a start request resolves to.
export {
  STREAMING_DEFAULTS,
  type StreamingAudioFormat,
  type StreamingSettings,
} from './streamingSettings.ts';

// Streaming API, server to client: system messages (recognition results, conversation created, ...).
export {
  ConversationCompleted,
  ConversationCreated,
  conversationIdOf,
  RecognitionAlternative,
  RecognitionResult,
  RecognitionStarted,
  RecognitionStopped,
  RecognitionWord,
  SessionModified,
  StartedListening,
  StreamingUser,
  SystemError,
  SystemMessage,
  SystemMessageBody,
  SystemMessageData,
  type SystemMessageOf,
} from './streamingSystemMessages.ts';

// Streaming API: word timings as they travel on the wire.
export {
  decodeMessageWords,
  encodeMessageWords,
  fromWireTime,
  MessageWord,
  toWireTime,
  WireTime,
} from './streamingWireTime.ts';

// Summaries.
export { SummaryItem, SummaryMessageRef, SummaryQuery, SummaryResponse } from './summary.ts';

// The Telephony API: dialling a SIP URI or phone number, and its events.
export {
  IntentResponse,
  PhoneNumber,
  type PstnEndpoint,
  SIP_AUDIO_DEFAULTS,
  SIP_AUDIO_ENCODINGS,
  SipAudioConfig,
  type SipEndpoint,
  SipUri,
  SPEAKER_EVENT_TYPES,
  SpeakerEvent,
  StopProcessingEvent,
  TelephonyAction,
  TelephonyActions,
  TelephonyConnectRequest,
  TelephonyData,
  TelephonyEndpoint,
  TelephonyEndpointType,
  TelephonyEvent,
  TelephonyLanguage,
  TelephonyStartRequest,
  TelephonyStartResponse,
  TelephonyStopRequest,
  TelephonyStopResponse,
  TelephonySubscribeMessage,
  TelephonySummaryInfo,
  TranscriptResponse,
} from './telephony.ts';

// Time zones: what a conversation's dates resolve in.
export { TimeZoneName } from './timeZone.ts';

// Topics.
export { Topic, TopicParentRef, TopicsQuery, TopicsResponse, TopicVocabulary } from './topics.ts';

// Tracker management: named phrase lists kept with the account.
export {
  BulkCreateTrackersRequest,
  CreateTrackerRequest,
  CreateTrackersBody,
  DeletedResource,
  ListTrackersQuery,
  ManagedTracker,
  PatchTrackerRequest,
  TRACKER_PATCH_PATHS,
  TrackerEnvelope,
  TrackerName,
  TrackerPatchOperation,
  TrackerPhrase,
  TrackersEnvelope,
  TrackerVocabulary,
  UpdateTrackerRequest,
} from './trackers.ts';

// Trackers detected in a conversation.
export {
  DetectedTracker,
  DetectedTrackerMatch,
  TrackerInsightRef,
  TrackerMatchOffset,
  TrackerMessageRef,
  TrackersDetectedResponse,
  TrackersDetectedResponseAnyShape,
} from './trackersDetected.ts';

// Formatted transcripts (Markdown, SRT).
export {
  FormattedTranscript,
  FormattedTranscriptRequest,
  FormattedTranscriptResponse,
  formattedTranscriptContentType,
  formattedTranscriptText,
  SrtTranscriptPayload,
  TranscriptContentType,
} from './transcript.ts';
