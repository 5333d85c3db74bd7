/**
 * `parley/operators`: RxJS operators, one per file. Also part of the root entry, `parley`.
 */

export type { ReconnectOptions } from '../src/streaming/reconnectPolicy.ts';
export {
  isSystemMessage,
  type StreamingEvent,
  type StreamingEventOf,
} from '../src/streaming/StreamingEvent.ts';
export type { StreamingPath } from '../src/streaming/streamingUrl.ts';
export type { TokenSource } from '../src/streaming/TokenSource.ts';
export { type WatchConnectionOptions, watchConnection } from '../src/streaming/watchConnection.ts';
// Typed views of a session's events.
export { conversationId } from './conversationId.ts';
// Shaping audio: AudioChunk in, AudioChunk (or voice activity) out.
export { downmix } from './downmix.ts';
export { type FramesOptions, frames } from './frames.ts';
export { type InsightOf, insights } from './insights.ts';
export { messages } from './messages.ts';
export { type RealtimeOptions, realtime } from './realtime.ts';
export { resample } from './resample.ts';
// The live session: audio in, the server's events out.
export { type StreamingSessionOptions, streamingSession } from './streamingSession.ts';
export { topics } from './topics.ts';
export { type TrackerMatches, type TrackersOptions, trackers } from './trackers.ts';
export { type TranscriptOptions, type TranscriptUpdate, transcript } from './transcript.ts';
export { levelDb, type VadOptions, type VoiceActivity, vad } from './vad.ts';
