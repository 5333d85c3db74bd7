import { z } from 'zod';
import { LANGUAGE_CODES } from './languageCodes.ts';
import { TimeZoneName } from './timeZone.ts';

/*
 * Client → server messages of the Streaming API: `start_request`, `stop_request`, `modify_request`,
 * the keep-alive ping and the connection id in the socket's path.
 *
 * These are what a server must judge, so known fields are typed strictly and a bad value is
 * rejected with its path (a `start_request` with `sampleRateHertz: "fast"` fails at
 * `config.speechRecognition.sampleRateHertz`). Unknown keys are stripped, not rejected: SDKs add
 * informational fields, and a server ignores what it does not understand. The variants SDKs
 * really send (the Python SDK's `null`s, the Go SDK's boolean `noConnectionTimeout`, mixed-case encodings, flat
 * `encoding`/`sampleRateHertz`) are accepted; streamingSettings.ts resolves them to one setting.
 */

/** `null` (as the Python SDK sends for options it was not given) is read as "absent". */
export function nullAsAbsent<S extends z.ZodType>(schema: S) {
  return schema
    .nullish()
    .transform((value) => value ?? undefined)
    .optional();
}

/**
 * One of `choices`, matched case-insensitively and ignoring surrounding blanks, returned in its
 * canonical spelling. Written as a regex (with `[lL]` classes, not the `i` flag) rather than a
 * transform-then-enum so that the accepted inputs are visible to generators such as fast-check.
 */
export function caseInsensitiveChoice<const T extends readonly [string, ...string[]]>(
  choices: T,
  message: string,
) {
  const caseless = (choice: string) =>
    [...choice]
      .map((c) => {
        if (c.toLowerCase() !== c.toUpperCase()) return `[${c.toLowerCase()}${c.toUpperCase()}]`;
        return /\d/.test(c) ? c : `\\${c}`;
      })
      .join('');
  return z
    .string()
    .regex(new RegExp(`^\\s*(?:${choices.map(caseless).join('|')})\\s*$`), message)
    .transform((value) => choices.find((c) => c.toLowerCase() === value.trim().toLowerCase()) as T[number]);
}

/** The audio encodings the Streaming API names, in their canonical spelling. */
export const STREAMING_AUDIO_ENCODINGS = ['LINEAR16', 'FLAC', 'MULAW', 'Opus'] as const;

/**
 * `speechRecognition.encoding`, compared case-insensitively (`Opus`, `OPUS`, `opus` all occur)
 * and returned in its canonical spelling.
 */
export const StreamingAudioEncoding = caseInsensitiveChoice(
  STREAMING_AUDIO_ENCODINGS,
  `must be one of ${STREAMING_AUDIO_ENCODINGS.join(', ')}`,
);
export type StreamingAudioEncoding = z.infer<typeof StreamingAudioEncoding>;

/**
 * A sample rate in Hz. The per-encoding limits are checked when settings are resolved
 * (streamingSettings.ts), because the encoding may come from a different place than the rate.
 */
export const SampleRateHertz = z.number().int().min(8000).max(192000);

/**
 * Language codes a stream accepts. Symbl's documentation pages disagree on the streaming list, so
 * a stream accepts the Async API's list. Matched case-insensitively, returned canonical.
 */
export const STREAMING_LANGUAGE_CODES = LANGUAGE_CODES;

/** `config.languageCode`: one of {@link STREAMING_LANGUAGE_CODES}, any case (`en-us` → `en-US`). */
export const StreamingLanguageCode = caseInsensitiveChoice(
  STREAMING_LANGUAGE_CODES,
  'unsupported language code',
);
export type StreamingLanguageCode = z.infer<typeof StreamingLanguageCode>;

/**
 * `config.speechRecognition` (and `modify_request.speechRecognition`). `engine` is accepted and
 * ignored (`"google"` appears in a documentation example). `interimResults: false` may suppress non-final
 * `recognition_result` (undocumented).
 */
export const SpeechRecognition = z.object({
  encoding: StreamingAudioEncoding.optional(),
  sampleRateHertz: SampleRateHertz.optional(),
  engine: z.string().optional(),
  interimResults: z.boolean().optional(),
});
export type SpeechRecognition = z.infer<typeof SpeechRecognition>;

/** `config.trackers`: detection switches for the session. */
export const StreamingTrackerConfig = z.object({
  enableAllTrackers: z.boolean().optional(),
  interimResults: z.boolean().optional(),
});
export type StreamingTrackerConfig = z.infer<typeof StreamingTrackerConfig>;

/** `config.redaction`: PII/PCI identification and replacement. */
export const RedactionConfig = z.object({
  identifyContent: z.boolean().optional(),
  redactContent: z.boolean().optional(),
  redactionString: z.string().min(1).max(16).optional(),
  /**
   * Parley extension: keep each message's text from before redaction in the live
   * `message_response`'s `metadata.originalContent` (never stored). Default false.
   */
  keepOriginalContent: z.boolean().optional(),
});
export type RedactionConfig = z.infer<typeof RedactionConfig>;

/**
 * `start_request.config`. `encoding` and `sampleRateHertz` may also sit flat here
 * (the web SDK's documentation, callers of the raw JavaScript API); `speechRecognition.*` wins when both are present.
 * `timezoneOffset` follows `Date.getTimezoneOffset()` (minutes, positive west of UTC); any offset
 * within a day is accepted. `timezone` is a Parley extension: the conversation's zone by name
 * (`Europe/Berlin`, daylight saving time included), winning over `timezoneOffset`.
 */
export const StartRequestConfig = z.object({
  confidenceThreshold: z.number().min(0).max(1).optional(),
  languageCode: StreamingLanguageCode.optional(),
  timezoneOffset: z.number().int().min(-1439).max(1439).optional(),
  timezone: TimeZoneName.optional(),
  meetingTitle: z.string().optional(),
  sentiment: z.boolean().optional(),
  detectEntities: z.boolean().optional(),
  speechRecognition: nullAsAbsent(SpeechRecognition),
  encoding: StreamingAudioEncoding.optional(),
  sampleRateHertz: SampleRateHertz.optional(),
  trackers: nullAsAbsent(StreamingTrackerConfig),
  redaction: nullAsAbsent(RedactionConfig),
});
export type StartRequestConfig = z.infer<typeof StartRequestConfig>;

/** `start_request.speaker`: who speaks on this socket. */
export const StreamingSpeaker = z.object({
  userId: z.string().optional(),
  name: z.string().optional(),
});
export type StreamingSpeaker = z.infer<typeof StreamingSpeaker>;

/** An inline tracker of `start_request.trackers`: a name and the phrases that trigger it. */
export const InlineTracker = z.object({
  name: z.string().trim().min(1),
  vocabulary: z.array(z.string().trim().min(1)).min(1),
});
export type InlineTracker = z.infer<typeof InlineTracker>;

/**
 * A reference to a tracker stored with the Management API. Documented for async only; accepted in
 * streaming too (undocumented) so that one option object serves both, and resolved by id.
 */
export const TrackerReference = z.object({ id: z.string().min(1) });
export type TrackerReference = z.infer<typeof TrackerReference>;

/** One entry of `start_request.trackers`. */
export const StartRequestTracker = z.union([InlineTracker, TrackerReference]);
export type StartRequestTracker = z.infer<typeof StartRequestTracker>;

/** Insight types a stream may ask for. The Go SDK also sends `topic`; topics are emitted regardless. */
export const StreamingInsightType = z.enum(['action_item', 'question', 'follow_up', 'topic']);
export type StreamingInsightType = z.infer<typeof StreamingInsightType>;

const SECONDS_0_TO_1800 = z.number().int().min(0).max(1800);

/**
 * The first message of a session, and the message that resumes a paused one.
 * `meetingTitle` and `enableAllTrackers` at the top level are not documented there but sent by raw
 * examples in the documentation and by the Go SDK; they stand for `config.meetingTitle` and `config.trackers.enableAllTrackers`.
 * `noConnectionTimeout` may be a boolean (the Go SDK declares it so), meaning "use the default".
 */
export const StartRequest = z.object({
  type: z.literal('start_request'),
  insightTypes: nullAsAbsent(z.array(StreamingInsightType)),
  config: nullAsAbsent(StartRequestConfig),
  speaker: nullAsAbsent(StreamingSpeaker),
  trackers: nullAsAbsent(z.array(StartRequestTracker)),
  customVocabulary: nullAsAbsent(z.array(z.string())),
  noConnectionTimeout: z.union([SECONDS_0_TO_1800, z.boolean()]).optional(),
  disconnectOnStopRequest: z.boolean().optional(),
  disconnectOnStopRequestTimeout: SECONDS_0_TO_1800.optional(),
  meetingTitle: z.string().optional(),
  enableAllTrackers: z.boolean().optional(),
});
export type StartRequest = z.infer<typeof StartRequest>;

/**
 * Ends (or, with `disconnectOnStopRequest: false`, pauses) processing. `stop_recognition` (a
 * documentation example on the PII page) is read as `stop_request`.
 */
export const StopRequest = z.object({
  type: z.literal(['stop_request', 'stop_recognition']).transform(() => 'stop_request' as const),
});
export type StopRequest = z.infer<typeof StopRequest>;

/**
 * Changes the audio format for audio sent after it. `speechRecognition` is top-level here;
 * the web SDK sends only `sampleRateHertz`. At least one of `encoding` and `sampleRateHertz` is required.
 */
export const ModifyRequest = z.object({
  type: z.literal('modify_request'),
  speechRecognition: SpeechRecognition.refine(
    (s) => s.encoding !== undefined || s.sampleRateHertz !== undefined,
    'expected encoding or sampleRateHertz',
  ),
});
export type ModifyRequest = z.infer<typeof ModifyRequest>;

/** The keep-alive text the JavaScript SDK sends (not JSON); the server answers {@link PONG_TEXT}. */
export const PING_TEXT = '__PING__';
/** The keep-alive answer a server sends as a text frame (not JSON). */
export const PONG_TEXT = '__PONG__';

/**
 * The `__PING__` text frame, as {@link decodeClientFrame} reports it. On the wire it is the bare
 * text {@link PING_TEXT}, never JSON; the object form exists so that every decoded frame is a
 * message with a `type`.
 */
export const KeepAlivePing = z.object({ type: z.literal(PING_TEXT) });
export type KeepAlivePing = z.infer<typeof KeepAlivePing>;

/** Every text frame a client may send on a streaming socket. */
export const ClientMessage = z.discriminatedUnion('type', [
  StartRequest,
  StopRequest,
  ModifyRequest,
  KeepAlivePing,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/**
 * The `{connectionId}` path segment, URL-decoded: 1–128 characters of
 * `[A-Za-z0-9._~=+-]` (covers UUIDs, the Python SDK's base64 ids and the documentation's `btoa(email)` with `=`).
 */
export const ConnectionId = z
  .string()
  .regex(/^[A-Za-z0-9._~=+-]{1,128}$/, 'expected 1-128 of [A-Za-z0-9._~=+-]');
export type ConnectionId = z.infer<typeof ConnectionId>;

/** WebSocket close codes of the Streaming API; 1008/1011 are Parley's choice where Symbl documents none. */
export const StreamingCloseCode = {
  /** Normal end after `conversation_completed`. */
  normal: 1000,
  /** Fatal client error: bad `start_request`, unsupported encoding or rate. */
  policyViolation: 1008,
  /** Fatal server error. */
  serverError: 1011,
  /** Used by the JavaScript SDK itself when `__PONG__` does not arrive in time; it then reconnects. */
  missingPong: 3006,
} as const;
