// RxJS operators, one per file: audio shaping (downmix, frames, realtime, resample, vad), the live
// session (streamingSession) and typed views of its events (conversationId, insights, messages,
// topics, trackers, transcript), and redact, which hides identifiers in those events.
export * from './conversationId.ts';
export * from './downmix.ts';
export * from './frames.ts';
export * from './insights.ts';
export * from './messages.ts';
export * from './realtime.ts';
export * from './redact.ts';
export * from './resample.ts';
export * from './streamingSession.ts';
export * from './topics.ts';
export * from './trackers.ts';
export * from './transcript.ts';
export * from './vad.ts';
