import { ValidationError } from '../errors/ValidationError.ts';
import type {
  InlineTracker,
  ModifyRequest,
  StartRequest,
  StreamingAudioEncoding,
  StreamingLanguageCode,
  StreamingSpeaker,
  TrackerReference,
} from './streamingClientMessages.ts';
import type { StreamingInsightKind } from './streamingResults.ts';

/*
 * What a `start_request` means once its variants and defaults are resolved: the one
 * place where flat `config.encoding`, top-level `meetingTitle`, the Go SDK's boolean
 * `noConnectionTimeout` and the documented defaults turn into settings a session can use.
 */

/** The documented defaults. `noConnectionTimeout` 0 is undocumented. */
export const STREAMING_DEFAULTS = {
  confidenceThreshold: 0.5,
  languageCode: 'en-US',
  encoding: 'LINEAR16',
  sampleRateHertz: 16000,
  redactionString: '****',
  noConnectionTimeout: 0,
  disconnectOnStopRequest: true,
  disconnectOnStopRequestTimeout: 1800,
} as const;

/** Sample rates each encoding accepts. Opus takes 8000 because the web SDK sends it. */
const SAMPLE_RATES: Readonly<Record<StreamingAudioEncoding, { min: number; max: number }>> = {
  LINEAR16: { min: 8000, max: 48000 },
  FLAC: { min: 16000, max: 192000 },
  MULAW: { min: 8000, max: 8000 },
  Opus: { min: 8000, max: 48000 },
};

/** The audio format of a session. */
export interface StreamingAudioFormat {
  encoding: StreamingAudioEncoding;
  sampleRateHertz: number;
}

/** A `start_request` with every variant and default resolved. */
export interface StreamingSettings {
  /** Insights to emit; `topic` is dropped (topics are emitted regardless). Empty: no `insight_response`. */
  insightTypes: StreamingInsightKind[];
  confidenceThreshold: number;
  languageCode: StreamingLanguageCode;
  /**
   * Minutes, `Date.getTimezoneOffset()` convention (positive west of UTC); undefined when the
   * request names no zone (the server's default applies, else UTC, the spec's 0).
   */
  timezoneOffset: number | undefined;
  /** `config.timezone` (Parley extension): the zone by name; wins over `timezoneOffset`. */
  timeZone: string | undefined;
  /** `config.meetingTitle`, else the top-level one; undefined means "name it after the connection id". */
  meetingTitle: string | undefined;
  sentiment: boolean;
  detectEntities: boolean;
  audio: StreamingAudioFormat;
  /** `speechRecognition.interimResults`; false may suppress non-final `recognition_result`. */
  interimResults: boolean;
  customVocabulary: string[];
  speaker: StreamingSpeaker;
  trackers: {
    inline: InlineTracker[];
    references: TrackerReference[];
    enableAllTrackers: boolean;
    interimResults: boolean;
  };
  redaction: {
    identifyContent: boolean;
    redactContent: boolean;
    redactionString: string;
    keepOriginalContent: boolean;
  };
  /** Seconds the connection id stays open after the last socket closed without `stop_request`. */
  noConnectionTimeout: number;
  disconnectOnStopRequest: boolean;
  disconnectOnStopRequestTimeout: number;
}

/**
 * Throws a ValidationError (subject `subject`, issue at `path`) unless `format` is a sample rate the
 * encoding supports.
 */
export function checkStreamingAudioFormat(format: StreamingAudioFormat, subject: string, path: string): void {
  const range = SAMPLE_RATES[format.encoding];
  if (format.sampleRateHertz >= range.min && format.sampleRateHertz <= range.max) return;
  const allowed = range.min === range.max ? `${range.min}` : `${range.min}-${range.max}`;
  throw new ValidationError(subject, [
    { path, message: `${format.encoding} supports ${allowed} Hz, not ${format.sampleRateHertz}` },
  ]);
}

/**
 * Resolves a parsed `start_request`: `speechRecognition.*` before flat `config.*` before defaults;
 * `config.meetingTitle` before the top-level one; `config.trackers.enableAllTrackers` or the Go
 * SDK's top-level flag. Throws a ValidationError when the encoding does not support the sample rate.
 */
export function resolveStartRequest(request: StartRequest): StreamingSettings {
  const config = request.config ?? {};
  const recognition = config.speechRecognition ?? {};
  const audio: StreamingAudioFormat = {
    encoding: recognition.encoding ?? config.encoding ?? STREAMING_DEFAULTS.encoding,
    sampleRateHertz:
      recognition.sampleRateHertz ?? config.sampleRateHertz ?? STREAMING_DEFAULTS.sampleRateHertz,
  };
  const ratePath =
    recognition.sampleRateHertz !== undefined || config.sampleRateHertz === undefined
      ? 'config.speechRecognition.sampleRateHertz'
      : 'config.sampleRateHertz';
  checkStreamingAudioFormat(audio, 'start_request', ratePath);

  const trackers = request.trackers ?? [];
  return {
    insightTypes: [...new Set(request.insightTypes ?? [])].filter(
      (t): t is StreamingInsightKind => t !== 'topic',
    ),
    confidenceThreshold: config.confidenceThreshold ?? STREAMING_DEFAULTS.confidenceThreshold,
    languageCode: config.languageCode ?? STREAMING_DEFAULTS.languageCode,
    timezoneOffset: config.timezoneOffset,
    timeZone: config.timezone,
    meetingTitle: config.meetingTitle ?? request.meetingTitle,
    sentiment: config.sentiment ?? false,
    detectEntities: config.detectEntities ?? false,
    audio,
    interimResults: recognition.interimResults ?? true,
    customVocabulary: request.customVocabulary ?? [],
    speaker: request.speaker ?? {},
    trackers: {
      inline: trackers.filter((t): t is InlineTracker => 'name' in t),
      references: trackers.filter((t): t is TrackerReference => !('name' in t)),
      enableAllTrackers: config.trackers?.enableAllTrackers ?? request.enableAllTrackers ?? false,
      interimResults: config.trackers?.interimResults ?? false,
    },
    redaction: {
      identifyContent: config.redaction?.identifyContent ?? false,
      redactContent: config.redaction?.redactContent ?? false,
      redactionString: config.redaction?.redactionString ?? STREAMING_DEFAULTS.redactionString,
      keepOriginalContent: config.redaction?.keepOriginalContent ?? false,
    },
    noConnectionTimeout:
      typeof request.noConnectionTimeout === 'number'
        ? request.noConnectionTimeout
        : STREAMING_DEFAULTS.noConnectionTimeout,
    disconnectOnStopRequest: request.disconnectOnStopRequest ?? STREAMING_DEFAULTS.disconnectOnStopRequest,
    disconnectOnStopRequestTimeout:
      request.disconnectOnStopRequestTimeout ?? STREAMING_DEFAULTS.disconnectOnStopRequestTimeout,
  };
}

/**
 * The audio format after a `modify_request` (an absent `encoding` keeps the current one). Throws a
 * ValidationError when the result is not a supported combination.
 */
export function applyModifyRequest(
  current: StreamingAudioFormat,
  request: ModifyRequest,
): StreamingAudioFormat {
  const next: StreamingAudioFormat = {
    encoding: request.speechRecognition.encoding ?? current.encoding,
    sampleRateHertz: request.speechRecognition.sampleRateHertz ?? current.sampleRateHertz,
  };
  checkStreamingAudioFormat(next, 'modify_request', 'speechRecognition.sampleRateHertz');
  return next;
}
