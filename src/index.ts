/**
 * `parley`: what an application composes. The client (async jobs, the Conversation API, trackers)
 * against Symbl's cloud, a Parley server or, with nothing configured, the engine in-process; the
 * live session and typed views of its events; audio sources and operators; typed errors.
 *
 * Importing it loads no server, database, native addon or NLP library: the embedded engine is
 * imported when a client first needs it. The other audiences have entries of their own:
 * `parley/server`, `parley/engine`, `parley/telephony` and `parley/model` (the wire contract's
 * schemas and types); `parley/operators`, `parley/sources` and `parley/errors` are parts of this one.
 */

// Live: the session (with a local engine to talk to) and the audio operators, as in parley/operators.
export * from '../operators/index.ts';
// Audio sources, as in parley/sources.
export * from '../sources/index.ts';
// Async jobs: text, audio and video in; a Job is an Observable of its status.
export { Job } from './async/Job.ts';
export { DEFAULT_JOB_OPTIONS, type JobOptions } from './async/JobOptions.ts';
export type { FileSubmitOptions, MediaApi, MediaParameters, MediaUrlPayload } from './async/MediaApi.ts';
export type { MediaInput } from './async/MediaInput.ts';
export type { SubmitOptions } from './async/submitJob.ts';
export type { TextApi, TextParameters, TextPayload } from './async/TextApi.ts';
// The client.
export type { AccessTokens } from './client/AccessTokens.ts';
// Its HTTP layer (`client.http`): authenticated, retried requests to the server it targets.
export type { ApiRequest, HttpMethod, UploadBody } from './client/ApiRequest.ts';
export { type ClientOptions, createClient, type ParleyClient } from './client/createClient.ts';
export type { EmbeddedEngineOptions } from './client/EmbeddedEngine.ts';
export {
  type ClientLease,
  type Endpoint,
  HttpTransport,
  type HttpTransportOptions,
} from './client/HttpTransport.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './client/RetryPolicy.ts';
export type { ClientCredentials, ClientTarget, ClientTargetInputs } from './client/resolveClientTarget.ts';
export { type GenerateToken, TokenCache } from './client/TokenCache.ts';
export type { TrackerInput, TrackerPatch, TrackersApi, TrackerUpdate } from './client/TrackersApi.ts';
// The Conversation API, and tracker management. Their methods are derived from tables of
// endpoints; the types below name those tables (whose values stay internal; `typeof` works).
export type {
  AnswerOf,
  ArgumentsOf,
  ConversationEndpoint,
  EndpointRequest,
  IdFirstMethods,
  MethodsOf,
} from './conversations/ConversationEndpoint.ts';
export type { ConversationHandle } from './conversations/ConversationHandle.ts';
export type {
  ExperienceRequestInput,
  FormattedTranscriptOptions,
  ListConversationsQuery,
  MemberUpdate,
  MessagesParameters,
  SpeakerEventsInput,
  SummaryParameters,
  TopicsParameters,
} from './conversations/ConversationParameters.ts';
export type { ConversationsApi } from './conversations/ConversationsApi.ts';
export type { collectionEndpoints, conversationEndpoints } from './conversations/conversationEndpoints.ts';
// Errors, as in parley/errors.
export * from './errors/index.ts';
export { type LocalServer, type LocalServerOptions, startLocalServer } from './streaming/startLocalServer.ts';
