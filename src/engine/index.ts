/**
 * `parley/engine`: the offline engine on its own, without a server. A recording becomes timed,
 * speaker-attributed messages (speech recognition, speaker separation), and messages become every
 * Conversation API resource (the insight engine), in one go or one message at a time.
 */

// Hiding identifiers in a live session's events on the client. It runs the engine's detectors
// (the NLP libraries), so it lives here and not in the root, which an application loads at start.
export { type RedactOptions, redact } from '../../operators/redact.ts';
export type { RecognitionEvent, RecognizedUtterance, RecognizedWord } from './asr/RecognitionEvent.ts';
export type { PiecewiseCapacity, RecognitionSession, Recognizer } from './asr/Recognizer.ts';
export type { RecognizerOptions } from './asr/RecognizerOptions.ts';
// A recogniser that sends speech to an OpenAI-compatible transcription server (whisper and kin).
export { RemoteRecognizer, type RemoteRecognizerOptions } from './asr/RemoteRecognizer.ts';
export type { AudioInput } from './audio/AudioInput.ts';
export type { SpeechChunkerOptions } from './audio/SpeechChunker.ts';
// Insights: messages in, the conversation's resources out, updated message by message.
export { ConversationAggregate, type RestorableMessage } from './conversation/ConversationAggregate.ts';
export type {
  ConversationDelta,
  EntitiesDelta,
  InsightsDelta,
  MembersDelta,
  MessagesDelta,
  TopicsDelta,
  TrackersDelta,
} from './conversation/ConversationDelta.ts';
export type { ConversationOptions } from './conversation/ConversationOptions.ts';
export type { ConversationSnapshot } from './conversation/ConversationSnapshot.ts';
export type { ChannelMetadata, SpeakerIdentity } from './diarize/speakerIdentity.ts';
export type { EngineSpeaker, EngineWord, InputUtterance } from './nlp/EngineMessage.ts';
export type { CustomEntity } from './nlp/extractEntities.ts';
export type { TrackerDefinition } from './nlp/TrackerMatcher.ts';
// How one recording is shared out over the recogniser's workers (speechToMessages' `pieces`).
export type { PiecewiseOptions } from './recognizeAudio.ts';
// Speech: a recording to timed, speaker-attributed messages.
export {
  type SpeechMessage,
  type SpeechProgress,
  type SpeechToMessagesOptions,
  type SpeechWord,
  speechToMessages,
} from './speechToMessages.ts';
// A recording to every Conversation API resource, in one call.
export { type TranscribeAudioOptions, transcribeAudio } from './transcribeAudio.ts';
