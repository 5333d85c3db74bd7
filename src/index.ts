/**
 * Parley: reactive conversation intelligence for Node.js. The wire contract lives under
 * `parley/model` (zod schemas); this entry gathers what applications compose: the client (async
 * jobs, conversations, trackers), typed errors, audio sources, operators and the live session,
 * telephony, the offline engine and the server.
 */
export * from '../operators/index.ts';
export * from '../sources/index.ts';
export { Job } from './async/Job.ts';
export { DEFAULT_JOB_OPTIONS, type JobOptions } from './async/JobOptions.ts';
export { type MediaApi, type MediaParameters, type MediaUrlPayload, mediaApi } from './async/MediaApi.ts';
export type { MediaInput } from './async/MediaInput.ts';
export { type TextApi, type TextParameters, type TextPayload, textApi } from './async/TextApi.ts';
export { type ClientOptions, createClient, type ParleyClient } from './client/createClient.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './client/RetryPolicy.ts';
export { type TrackerInput, type TrackersApi, trackersApi } from './client/TrackersApi.ts';
export { type ConversationHandle, conversationHandle } from './conversations/ConversationHandle.ts';
export { type ConversationsApi, conversationsApi } from './conversations/ConversationsApi.ts';
export type { RecognitionSettings } from './engine/asr/RecognitionSettings.ts';
export { RemoteRecognizer, type RemoteRecognizerOptions } from './engine/asr/RemoteRecognizer.ts';
export { ConversationAggregate } from './engine/conversation/ConversationAggregate.ts';
export type { ConversationOptions } from './engine/conversation/ConversationOptions.ts';
export type { ConversationSnapshot } from './engine/conversation/ConversationSnapshot.ts';
export type { InputUtterance } from './engine/nlp/EngineMessage.ts';
export { type SpeechMessage, speechToMessages } from './engine/speechToMessages.ts';
export { type TranscribeAudioOptions, transcribeAudio } from './engine/transcribeAudio.ts';
export * from './errors/index.ts';
export { createServer, type RunningServer, type ServerOptions } from './server/createServer.ts';
export { serveCommand } from './server/serveCommand.ts';
export { isSystemMessage, type StreamingEvent, type StreamingEventOf } from './streaming/StreamingEvent.ts';
export { type LocalServer, type LocalServerOptions, startLocalServer } from './streaming/startLocalServer.ts';
export type { TokenSource } from './streaming/TokenSource.ts';
export * as telephony from './telephony/index.ts';
