import type { EngineSpeaker } from '../../engine/nlp/EngineMessage.ts';
import type { TrackerDefinition } from '../../engine/nlp/TrackerMatcher.ts';
import type { RedactionSettings } from '../../engine/redaction/RedactionSettings.ts';
import type { StreamingSpeaker } from '../../model/streamingClientMessages.ts';
import type { StreamingInsightKind } from '../../model/streamingResults.ts';
import type { StreamingAudioFormat, StreamingSettings } from '../../model/streamingSettings.ts';
import type { LiveConversationOptions } from './LiveConversation.ts';

/**
 * How a speaker stream is set up: which conversation it feeds, who speaks, the audio format, and
 * what to detect. Everything but the ids is optional; the defaults are the Streaming API's.
 * Conversation-wide settings (`name`, `conversationType`, `timeZone`, `timezoneOffset`, `confidenceThreshold`,
 * `trackers`, `detectEntities`) take effect only for the stream that creates the conversation.
 */
export interface SpeakerStreamOptions {
  /** Conversation to feed; streams naming the same id (and app) share it. */
  conversationId: string;
  /** App that owns the conversation. */
  appId: string;
  /** Conversation name when this stream creates it (default: the conversation id). */
  name?: string;
  /** Conversation type when this stream creates it (default `meeting`; telephony: `call`). */
  conversationType?: string;
  /** Format of pushed audio (default LINEAR16 at 16000 Hz). LINEAR16 and MULAW are decoded. */
  audio?: StreamingAudioFormat;
  /** BCP-47 code; recognition uses the English model whatever the code (the only one installed). */
  languageCode?: string;
  /** Insights this stream's `events$` carries (default none); topics and trackers always. */
  insightTypes?: readonly StreamingInsightKind[];
  /** Who speaks on this stream. */
  speaker?: StreamingSpeaker;
  /** Trackers: inline ones, and managed ones (with their `id`) resolved by the caller. */
  trackers?: readonly TrackerDefinition[];
  /** Recognition hints. */
  customVocabulary?: readonly string[];
  /** Lowest insight confidence kept, 0-1 (default 0.5). */
  confidenceThreshold?: number;
  /** The conversation's zone by name (`Europe/Berlin`, `-08:00`); wins over `timezoneOffset`. */
  timeZone?: string;
  /** Minutes, Date.getTimezoneOffset() convention. Without either, the server's default zone. */
  timezoneOffset?: number;
  /** Add sentiment to message frames (default false). */
  sentiment?: boolean;
  /** Find entities (default false). */
  detectEntities?: boolean;
  /** Emit non-final `recognition_result` (default true). */
  interimResults?: boolean;
  /**
   * PII/PCI identification and redaction. Conversation-wide: the first stream that asks turns it
   * on for the conversation from then on (its settings win); a stream cannot turn it off.
   */
  redaction?: RedactionSettings;
}

/** A speaker stream's options without the ids its connection fills in. */
export type SpeakerSettings = Omit<SpeakerStreamOptions, 'conversationId' | 'appId'>;

/**
 * A resolved `start_request` as speaker settings; `defaultName` names the conversation when the
 * request has no `meetingTitle`, and `managedTrackers` (stored ones it named) join its inline ones.
 */
export function speakerSettings(
  settings: StreamingSettings,
  defaultName: string,
  managedTrackers: readonly TrackerDefinition[] = [],
): SpeakerSettings {
  return {
    name: settings.meetingTitle ?? defaultName,
    audio: settings.audio,
    languageCode: settings.languageCode,
    insightTypes: settings.insightTypes,
    speaker: settings.speaker,
    trackers: [...settings.trackers.inline, ...managedTrackers],
    customVocabulary: settings.customVocabulary,
    confidenceThreshold: settings.confidenceThreshold,
    ...(settings.timezoneOffset === undefined ? {} : { timezoneOffset: settings.timezoneOffset }),
    ...(settings.timeZone === undefined ? {} : { timeZone: settings.timeZone }),
    sentiment: settings.sentiment,
    detectEntities: settings.detectEntities,
    interimResults: settings.interimResults,
    redaction: settings.redaction,
  };
}

/** What the conversation is created with when this stream is its first. */
export function conversationOptions(options: SpeakerStreamOptions): LiveConversationOptions {
  return {
    conversationId: options.conversationId,
    appId: options.appId,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.conversationType === undefined ? {} : { type: options.conversationType }),
    analysis: {
      ...(options.timezoneOffset === undefined ? {} : { timezoneOffset: options.timezoneOffset }),
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      ...(options.confidenceThreshold === undefined
        ? {}
        : { confidenceThreshold: options.confidenceThreshold }),
      ...(options.trackers === undefined ? {} : { trackers: options.trackers }),
      ...(options.detectEntities === undefined ? {} : { detectEntities: options.detectEntities }),
    },
    ...(options.redaction === undefined ? {} : { redaction: options.redaction }),
  };
}

/** The speaker as the engine names message authors (a `userId` with `@` is also the email). */
export function engineSpeaker(speaker: StreamingSpeaker | undefined): EngineSpeaker | undefined {
  if (speaker === undefined) return undefined;
  const out: EngineSpeaker = {
    ...(speaker.userId === undefined ? {} : { userId: speaker.userId }),
    ...(speaker.name === undefined ? {} : { name: speaker.name }),
    ...(speaker.userId?.includes('@') ? { email: speaker.userId } : {}),
  };
  return Object.keys(out).length === 0 ? undefined : out;
}
