/**
 * Parley: reactive conversation intelligence for Node.js. The wire contract lives under
 * `parley/model` (zod schemas); this entry gathers what applications compose: typed errors,
 * audio sources, operators, the offline engine and the server.
 */
export * from '../operators/index.ts';
export * from '../sources/index.ts';
export { ConversationAggregate } from './engine/conversation/ConversationAggregate.ts';
export type { ConversationOptions } from './engine/conversation/ConversationOptions.ts';
export type { ConversationSnapshot } from './engine/conversation/ConversationSnapshot.ts';
export type { InputUtterance } from './engine/nlp/EngineMessage.ts';
export { type SpeechMessage, speechToMessages } from './engine/speechToMessages.ts';
export { type TranscribeAudioOptions, transcribeAudio } from './engine/transcribeAudio.ts';
export * from './errors/index.ts';
export { createServer, type RunningServer, type ServerOptions } from './server/createServer.ts';
export { serveCommand } from './server/serveCommand.ts';
