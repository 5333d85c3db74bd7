import { z } from 'zod';
import { caseInsensitiveChoice, nullAsAbsent, StreamingLanguageCode } from './streamingClientMessages.ts';
import { InsightResponse, MessageResponse, TopicResponse } from './streamingResults.ts';
import { StreamingUser } from './streamingSystemMessages.ts';
import { TimeZoneName } from './timeZone.ts';

/*
 * The Telephony API: `POST /v1/endpoint:connect` start and stop for PSTN
 * and SIP, its responses, the frames of the `/session/subscribe/{connectionId}` socket and the
 * speaker events pushed on `/events/{connectionId}` (or `POST /v1/event/{connectionId}`, answered
 * with conversationCommon.ts `ConfirmationMessage`, a `200 {"message"}`: the method and answer are
 * undocumented, and that is Parley's choice).
 *
 * Requests are what a server judges: known fields are checked, with the messages the JavaScript and Python
 * SDKs use for the same mistakes, and unknown keys are stripped. The variants SDKs really send are
 * accepted: the Python SDK's `actions: {}`, `data: {}` and `dtmf: null`, the JavaScript SDK's
 * `languages: [{code}]`, `sampleSize`
 * as `"16"` or `16`, any case of `endpoint.type`. Responses and socket frames are loose objects.
 */

/** `endpoint.type`, any case (SDKs lower-case it), returned lower-case. */
export const TelephonyEndpointType = caseInsensitiveChoice(
  ['pstn', 'sip'] as const,
  'endpoint type is required.',
);
export type TelephonyEndpointType = z.infer<typeof TelephonyEndpointType>;

/**
 * A number to dial with its country code: E.164 digits, with or without a leading `+` (the reference
 * page writes `14082924837`, the Python SDK's documentation `+11234567890`). Dial-out is documented for US/Canada only;
 * that is the dialling side's concern, not the wire's.
 */
export const PhoneNumber = z
  .string()
  .regex(/^\+?\d{4,15}$/, 'expected a phone number: 4-15 digits, optionally after +');
export type PhoneNumber = z.infer<typeof PhoneNumber>;

/** A SIP URI, `sip:<user>@<host>` (or `sips:`). */
export const SipUri = z
  .string()
  .regex(/^[sS][iI][pP][sS]?:\S+$/, 'expected a SIP URI such as sip:8021@sip.example.com');
export type SipUri = z.infer<typeof SipUri>;

/** Audio encodings a SIP endpoint offers, in their canonical (upper-case) spelling. */
export const SIP_AUDIO_ENCODINGS = ['PCMU', 'OPUS'] as const;

/**
 * `endpoint.audioConfig` of a SIP call. `sampleSize` arrives as `"16"` (documentation, Python SDK) or
 * `16`; it is read as a number. Absent config means PCMU at 8000 Hz (the SIP tutorial); the Python SDK sends
 * `{"sampleRate": 16000, "sampleSize": "16"}` by default.
 */
export const SipAudioConfig = z.object({
  sampleRate: z.number().int().min(8000).max(48000).optional(),
  encoding: caseInsensitiveChoice(
    SIP_AUDIO_ENCODINGS,
    `must be one of ${SIP_AUDIO_ENCODINGS.join(', ')}`,
  ).optional(),
  sampleSize: z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\s*\d{1,2}\s*$/, 'expected a bit depth such as "16"')
        .transform(Number),
    ])
    .pipe(z.number().int().min(8).max(32))
    .optional(),
});
export type SipAudioConfig = z.infer<typeof SipAudioConfig>;

/** The documented audio of a SIP call without `audioConfig`. */
export const SIP_AUDIO_DEFAULTS = { sampleRate: 8000, encoding: 'PCMU', sampleSize: 16 } as const;

/** A PSTN endpoint: the number to dial and the DTMF keys to send once connected. */
export interface PstnEndpoint {
  type: 'pstn';
  phoneNumber: string;
  /** Keys sent after the call connects; `,` is a 500 ms pause (`,,{meetingId}#,,{passcode}#`). */
  dtmf?: string;
}

/** A SIP endpoint: the URI to call and how its audio is encoded. */
export interface SipEndpoint {
  type: 'sip';
  uri: string;
  audioConfig?: SipAudioConfig;
  /** The JavaScript SDK defaults it to `"AnyMeeting"`; the documentation uses `"Symbl"`. */
  providerName?: string;
  /** The JavaScript SDK's default: `"transport=UDP;providerName=<providerName>;audioTransport=RTP"`. */
  transportConfig?: string;
}

/**
 * `endpoint` of a start request: one object whose required fields depend on `type`, checked with
 * the SDKs' own messages ("phoneNumber is required when type = 'pstn'."). Parses to
 * {@link PstnEndpoint} or {@link SipEndpoint}; fields of the other kind are dropped.
 */
export const TelephonyEndpoint = z
  .object({
    type: TelephonyEndpointType,
    phoneNumber: PhoneNumber.optional(),
    dtmf: nullAsAbsent(z.string()),
    uri: SipUri.optional(),
    audioConfig: nullAsAbsent(SipAudioConfig),
    providerName: z.string().optional(),
    transportConfig: z.string().optional(),
  })
  .superRefine((endpoint, ctx) => {
    if (endpoint.type === 'pstn' && endpoint.phoneNumber === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['phoneNumber'],
        message: "phoneNumber is required when type = 'pstn'.",
      });
    }
    if (endpoint.type === 'sip' && endpoint.uri === undefined) {
      ctx.addIssue({ code: 'custom', path: ['uri'], message: "uri is required when type = 'sip'." });
    }
  })
  .transform((e): PstnEndpoint | SipEndpoint => {
    if (e.type === 'pstn') {
      return { type: 'pstn', phoneNumber: e.phoneNumber!, ...(e.dtmf === undefined ? {} : { dtmf: e.dtmf }) };
    }
    return {
      type: 'sip',
      uri: e.uri!,
      ...(e.audioConfig === undefined ? {} : { audioConfig: e.audioConfig }),
      ...(e.providerName === undefined ? {} : { providerName: e.providerName }),
      ...(e.transportConfig === undefined ? {} : { transportConfig: e.transportConfig }),
    };
  });
export type TelephonyEndpoint = z.infer<typeof TelephonyEndpoint>;

/**
 * An action to run on a call event. Only `sendSummaryEmail` is documented, and it needs
 * `parameters.emails`; other names are accepted and recorded (a server without mail logs them).
 */
export const TelephonyAction = z
  .object({
    invokeOn: z.enum(['start', 'stop'], { error: 'invokeOn is required: "start" or "stop"' }),
    name: z.string({ error: 'name is required' }).min(1, 'name is required'),
    parameters: z.looseObject({ emails: z.array(z.email()).optional() }).optional(),
  })
  .superRefine((action, ctx) => {
    if (action.name === 'sendSummaryEmail' && (action.parameters?.emails ?? []).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['parameters', 'emails'],
        message: 'sendSummaryEmail needs at least one address in parameters.emails',
      });
    }
  });
export type TelephonyAction = z.infer<typeof TelephonyAction>;

/**
 * `actions`: an array, or the Python SDK's `{}` / `null` for "none" (read as `[]`). Written as a preprocess rather
 * than a union so that a bad action is reported at its own path (`actions[0].invokeOn`).
 */
export const TelephonyActions = z.preprocess(
  (value) =>
    value === null ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0)
      ? []
      : value,
  z.array(TelephonyAction),
);
export type TelephonyActions = z.infer<typeof TelephonyActions>;

/**
 * `data`: free-form client data, kept as sent. Known parts: `session.name` names the conversation,
 * `session.location.timeZone.name` is the zone (where the JavaScript SDK puts `timezone`). The Python SDK's `{}` and
 * `null` mean none.
 */
export const TelephonyData = z.looseObject({
  session: z
    .looseObject({
      name: z.string().optional(),
      location: z
        .looseObject({
          timeZone: z.looseObject({ name: TimeZoneName.optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
});
export type TelephonyData = z.infer<typeof TelephonyData>;

/** One entry of `languages`: a code (documentation, Python SDK) or `{code}` (JavaScript SDK), read as the code. */
export const TelephonyLanguage = z.union([
  StreamingLanguageCode,
  z.object({ code: StreamingLanguageCode }).transform((language) => language.code),
]);
export type TelephonyLanguage = z.infer<typeof TelephonyLanguage>;

/**
 * `POST /v1/endpoint:connect` with `operation: "start"`: dial out (PSTN) or call a SIP URI.
 * The first of `languages` is used (default `en-US`); `timezone` (top level, or in `data`) dates the
 * summary page (default UTC). `insightTypes`, `endpointWebhookUrl`, `validationToken`, `intents` and
 * `headers` are passed through by the JavaScript SDK and accepted without effect.
 */
export const TelephonyStartRequest = z.object({
  operation: z.literal('start'),
  endpoint: TelephonyEndpoint,
  actions: TelephonyActions.optional(),
  data: nullAsAbsent(TelephonyData),
  timezone: nullAsAbsent(TimeZoneName),
  languages: nullAsAbsent(z.array(TelephonyLanguage)),
  pushSpeakerEvents: z.boolean().optional(),
  endpointWebhookUrl: z.string().optional(),
  validationToken: z.unknown().optional(),
  intents: z.unknown().optional(),
  headers: z.unknown().optional(),
  insightTypes: z.array(z.string()).optional(),
});
export type TelephonyStartRequest = z.infer<typeof TelephonyStartRequest>;

/**
 * `POST /v1/endpoint:connect` with `operation: "stop"`: hang up and finalise. The JavaScript SDK may resend
 * `actions`, `data` and `endpoint`; they are accepted and ignored (the start's count).
 */
export const TelephonyStopRequest = z.object({
  operation: z.literal('stop'),
  connectionId: z
    .string({ error: 'connectionId is required to stop the endpoint connection.' })
    .min(1, 'connectionId is required to stop the endpoint connection.'),
  actions: z.unknown().optional(),
  data: z.unknown().optional(),
  endpoint: z.unknown().optional(),
});
export type TelephonyStopRequest = z.infer<typeof TelephonyStopRequest>;

/** The body of `POST /v1/endpoint:connect`, by `operation`. */
export const TelephonyConnectRequest = z.discriminatedUnion(
  'operation',
  [TelephonyStartRequest, TelephonyStopRequest],
  { error: 'operation is required: "start" or "stop"' },
);
export type TelephonyConnectRequest = z.infer<typeof TelephonyConnectRequest>;

/** `summaryInfo[]` of a stop response: a summary page per user; `role` `organizer` is the only one seen. */
export const TelephonySummaryInfo = z.looseObject({
  user: z
    .looseObject({
      id: z.string().optional(),
      userId: z.string().optional(),
      name: z.string().optional(),
      role: z.string().optional(),
    })
    .optional(),
  url: z.string(),
});
export type TelephonySummaryInfo = z.infer<typeof TelephonySummaryInfo>;

/**
 * The start response (status 201; clients accept any 2xx). `eventUrl` is where speaker events may be
 * POSTed, `resultWebSocketUrl` the socket for pushing them; a server builds both from its own origin.
 */
export const TelephonyStartResponse = z.looseObject({
  connectionId: z.string().min(1),
  conversationId: z.string().min(1),
  eventUrl: z.string(),
  resultWebSocketUrl: z.string(),
});
export type TelephonyStartResponse = z.infer<typeof TelephonyStartResponse>;

/**
 * The stop response: `connectionId` is required (the JavaScript SDK rejects "No connectionId detected in successful
 * response." otherwise); the URLs are echoed and `summaryInfo` lists the summary pages.
 */
export const TelephonyStopResponse = z.looseObject({
  connectionId: z.string().min(1),
  conversationId: z.string().min(1).optional(),
  eventUrl: z.string().optional(),
  resultWebSocketUrl: z.string().optional(),
  summaryInfo: z.array(TelephonySummaryInfo).optional(),
});
export type TelephonyStopResponse = z.infer<typeof TelephonyStopResponse>;

/**
 * The live transcript on `/session/subscribe/{connectionId}`. Only `payload.content` and `isFinal`
 * are documented; `contentType` and `user` are the recommended rest.
 */
export const TranscriptResponse = z.looseObject({
  type: z.literal('transcript_response'),
  isFinal: z.boolean(),
  payload: z.looseObject({ content: z.string(), contentType: z.string().optional() }),
  user: StreamingUser.optional(),
});
export type TranscriptResponse = z.infer<typeof TranscriptResponse>;

/**
 * `intent_response`: mentioned in the JavaScript SDK's documentation, shape undocumented. Decoded so that a client reading
 * Symbl's cloud does not fail on it; a server does not send it.
 */
export const IntentResponse = z.looseObject({ type: z.literal('intent_response') });
export type IntentResponse = z.infer<typeof IntentResponse>;

/**
 * Every frame of the telephony subscription socket. Results are shaped as on the streaming socket
 * (`message_response`, `insight_response`, `topic_response`). Trackers are not supported by the Telephony API.
 */
export const TelephonySubscribeMessage = z.discriminatedUnion('type', [
  TranscriptResponse,
  MessageResponse,
  InsightResponse,
  TopicResponse,
  IntentResponse,
]);
export type TelephonySubscribeMessage = z.infer<typeof TelephonySubscribeMessage>;

/** Speaker event types (the JavaScript SDK's `SpeakerEvent.types`); the documentation describes the first two. */
export const SPEAKER_EVENT_TYPES = ['started_speaking', 'stopped_speaking', 'joined', 'left'] as const;

/**
 * A speaker event, pushed as a text frame on `/events/{connectionId}` or POSTed to `eventUrl`.
 * Messages after `started_speaking` are attributed to `user` until the next event. `timestamp` is
 * "now" when absent (the JavaScript SDK fills it).
 */
export const SpeakerEvent = z.object({
  topic: z.literal('speaker'),
  type: z.enum(SPEAKER_EVENT_TYPES),
  user: z.object({
    userId: z.string({ error: 'user.userId is required' }).min(1),
    name: z.string().optional(),
  }),
  timestamp: z.iso.datetime({ offset: true }).optional(),
});
export type SpeakerEvent = z.infer<typeof SpeakerEvent>;

/** The stop-processing event the JavaScript SDK sends on the events socket just before it stops the endpoint. */
export const StopProcessingEvent = z.object({
  topic: z.literal('speaker'),
  type: z.literal('stopped'),
  timestamp: z.iso.datetime({ offset: true }).optional(),
});
export type StopProcessingEvent = z.infer<typeof StopProcessingEvent>;

/** Every frame a client pushes on `/events/{connectionId}` (and every body of `POST /v1/event/{id}`). */
export const TelephonyEvent = z.discriminatedUnion('type', [SpeakerEvent, StopProcessingEvent]);
export type TelephonyEvent = z.infer<typeof TelephonyEvent>;

/** The language a start request asks for: the first of `languages`, else `en-US`. */
export function telephonyLanguage(request: TelephonyStartRequest): string {
  return request.languages?.[0] ?? 'en-US';
}

/**
 * The time zone a start request names: top-level `timezone`, else
 * `data.session.location.timeZone.name`; undefined when it names none (the server's default applies).
 */
export function telephonyTimeZone(request: TelephonyStartRequest): string | undefined {
  return request.timezone ?? request.data?.session?.location?.timeZone?.name;
}
