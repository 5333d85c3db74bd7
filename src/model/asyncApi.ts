import { z } from 'zod';
import { IsoDateTime } from './conversationCommon.ts';
import { JobId } from './job.ts';
import { LANGUAGE_CODES } from './languageCodes.ts';
import { idString, looseNumber } from './lenient.ts';
import { caseInsensitiveChoice } from './streamingClientMessages.ts';
import { TimeZoneName } from './timeZone.ts';

/*
 * The Async API: submit and append text, audio and video, by body or by URL.
 *
 * | endpoints                                  | request schema        | options travel in        |
 * | ------------------------------------------ | --------------------- | ------------------------ |
 * | POST/PUT /v1/process/text[/{id}]           | TextProcessRequest    | JSON body (+ query)      |
 * | POST/PUT /v1/process/{audio,video}[/{id}]  | MediaProcessOptions   | query string             |
 * | POST/PUT /v1/process/{audio,video}/url[/…] | MediaUrlRequest       | JSON body (+ query)      |
 *
 * A server reads options from both the query string and the body, body winning per key:
 * `parse(Schema, mergeAsyncOptionSources(readAsyncQuery(url.searchParams), body), ...)`.
 * Query-string encodings (JSON, the Go SDK's `[a,b]`, comma lists, repeated keys, `qs` brackets) are decoded
 * by {@link readAsyncQuery}; the schemas coerce the string booleans and numbers that both query
 * strings and Python-built JSON bodies carry. Range, format and required-field rules are strict and
 * their errors name the field. Unknown keys (the Go SDK's `features`, `parentRefs`, `sentiment`, SDK
 * `source`) are accepted and stripped. Parsed options carry the documented defaults.
 */

// ---- identifiers and responses ----

/**
 * A conversation id: a string of decimal digits (16 in every example). Always a JSON string, never
 * a number (the Go SDK decodes it into a string and fails on a number).
 */
export const ConversationId = z.string().regex(/^\d+$/, 'expected a conversation id of decimal digits');
export type ConversationId = z.infer<typeof ConversationId>;

/** The path parameters of every append (`PUT .../{conversationId}`) endpoint. */
export const AppendPathParams = z.object({ conversationId: ConversationId });
export type AppendPathParams = z.infer<typeof AppendPathParams>;

/**
 * `201` answer of every submit endpoint. For PUT, `conversationId` equals the path id; every
 * request, PUT included, creates a new job.
 */
export const AsyncSubmitResponse = z.looseObject({
  /** The conversation to read through the Conversation API. */
  conversationId: ConversationId,
  /** The job to poll with `GET /v1/job/{jobId}`. */
  jobId: JobId,
});
export type AsyncSubmitResponse = z.infer<typeof AsyncSubmitResponse>;

// ---- constants ----

/** Documented defaults of the options. `name` defaults to the conversation id (the Go SDK sends the file name). */
export const ASYNC_OPTION_DEFAULTS = {
  confidenceThreshold: 0.5,
  detectPhrases: false,
  detectEntities: false,
  enableAllTrackers: false,
  enableSummary: false,
  languageCode: 'en-US',
  mode: 'default',
  enableSeparateRecognitionPerChannel: false,
  enableSpeakerDiarization: false,
} as const;

/** Languages async audio and video accept; insights are produced for English only. */
export const ASYNC_LANGUAGE_CODES = LANGUAGE_CODES;

/** Languages speaker diarization supports: English and Spanish only. */
export const DIARIZATION_LANGUAGE_PREFIXES = ['en', 'es'] as const;

/** Audio `Content-Type` values clients send; a server must not reject others or none. */
export const AUDIO_CONTENT_TYPES = ['audio/wav', 'audio/wave', 'audio/mpeg', 'audio/mp3'] as const;

/** The one video `Content-Type` (the Go SDK sends none; detect the container from the bytes). */
export const VIDEO_CONTENT_TYPE = 'video/mp4';

/** Audio containers the async API accepts (the documentation's FAQ), mono or two channels. Video: mp4 only. */
export const AUDIO_CONTAINERS = [
  'mp3',
  'wav',
  'amr',
  'aac',
  'ac3',
  'aiff',
  'flac',
  'ogg',
  'opus',
  'wma',
  'm4a',
] as const;

/** Longest media the async API accepts: 4 hours. */
export const MAX_MEDIA_DURATION_SECONDS = 4 * 60 * 60;

/** The three kinds of async submission. */
export type AsyncMediaKind = 'text' | 'audio' | 'video';

/** One async submit endpoint and where its request comes from. */
export interface AsyncEndpoint {
  method: 'POST' | 'PUT';
  /** Express-style path; `:conversationId` on appends. */
  path: string;
  kind: AsyncMediaKind;
  /** `json`: JSON body parsed with `schema` (query merged in); `bytes`: raw media, options in the query. */
  body: 'json' | 'bytes';
  /** Whether it appends to an existing conversation. */
  append: boolean;
}

/** The ten submit endpoints: text, audio, video, each by body or URL, POST or PUT. Register `.../url` before `/:conversationId`. */
export const ASYNC_ENDPOINTS: readonly AsyncEndpoint[] = (['text', 'audio', 'video'] as const).flatMap(
  (kind): AsyncEndpoint[] => {
    const base = `/v1/process/${kind}`;
    const direct: AsyncEndpoint[] = [
      { method: 'POST', path: base, kind, body: kind === 'text' ? 'json' : 'bytes', append: false },
      {
        method: 'PUT',
        path: `${base}/:conversationId`,
        kind,
        body: kind === 'text' ? 'json' : 'bytes',
        append: true,
      },
    ];
    if (kind === 'text') return direct;
    return [
      ...direct,
      { method: 'POST', path: `${base}/url`, kind, body: 'json', append: false },
      { method: 'PUT', path: `${base}/url/:conversationId`, kind, body: 'json', append: true },
    ];
  },
);

// ---- lenient primitives ----

/** The numeric-string branch of `looseNumber` (`"0.600000"` → 0.6). */
const numericString = looseNumber.options[1];

/**
 * A number within `range`, or a string holding one. Built as a union (not `looseNumber.pipe`) so
 * that generated test values respect the range.
 */
function looseNumberIn(range: z.ZodNumber, message: string) {
  return z.union([range, numericString.pipe(range)], { error: message });
}

/**
 * A boolean option: `true`/`false`, or the strings `"true"`, `"false"`, `"1"`, `"0"` in any case
 * and with surrounding blanks. Accepts exactly what `looseBoolean` (lenient.ts) accepts; it is
 * spelled as one regex because test/support/zodArbitrary.ts cannot generate values for
 * `looseBoolean`'s trim/lowercase/enum chain (its generator never terminates).
 */
export const LooseFlag = z.union(
  [
    z.boolean(),
    z
      .string()
      .regex(/^\s*(?:[tT][rR][uU][eE]|[fF][aA][lL][sS][eE]|1|0)\s*$/)
      .transform((text) => /^\s*(?:true|1)\s*$/i.test(text)),
  ],
  { error: 'expected true or false' },
);
export type LooseFlag = z.infer<typeof LooseFlag>;

/** An http(s) URL; other schemes (`ftp:`, `file:`, `javascript:`) are rejected. Loopback hosts are fine. */
export const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
export type HttpUrl = z.infer<typeof HttpUrl>;

const VIDEO_PAGE_HOST = /(^|\.)(youtube\.com|youtu\.be|vimeo\.com)$/i;

/**
 * `url` of the URL endpoints: a direct http(s) link to the media file. YouTube and Vimeo pages are
 * rejected because they are web pages, not files; redirects and shorteners cannot be detected here.
 */
export const MediaUrl = HttpUrl.refine(
  (url) => !URL.canParse(url) || !VIDEO_PAGE_HOST.test(new URL(url).hostname),
  'a YouTube or Vimeo page is not a direct media file URL',
);
export type MediaUrl = z.infer<typeof MediaUrl>;

/** `webhookUrl`: an http(s) URL; the empty string means no webhook (parsed as absent). */
export const WebhookUrl = z.union([z.literal('').transform(() => undefined), HttpUrl]);
export type WebhookUrl = z.infer<typeof WebhookUrl>;

/**
 * `confidenceThreshold`: 0.0 to 1.0 inclusive (documented 0.5–1.0 for async; the streaming page
 * and SDK examples use lower values). Values outside are rejected, never clamped.
 */
export const ConfidenceThreshold = looseNumberIn(
  z.number().min(0).max(1),
  'confidenceThreshold must be a number from 0 to 1',
);
export type ConfidenceThreshold = z.infer<typeof ConfidenceThreshold>;

/** `diarizationSpeakerCount`: a positive integer (`2` or `"2"`). */
export const DiarizationSpeakerCount = looseNumberIn(
  z.number().int().min(1),
  'diarizationSpeakerCount must be a positive integer',
);
export type DiarizationSpeakerCount = z.infer<typeof DiarizationSpeakerCount>;

/** `timezoneOffset`: whole minutes from UTC, −14 h to +14 h (the range of real time zones). */
export const TimezoneOffset = looseNumberIn(
  z.number().int().min(-840).max(840),
  'timezoneOffset must be whole minutes from UTC, between -840 and 840',
);
export type TimezoneOffset = z.infer<typeof TimezoneOffset>;

/**
 * `languageCode`: one of {@link ASYNC_LANGUAGE_CODES}, compared case-insensitively (`en-us` →
 * `en-US`). An unsupported code is a 400 (undocumented; Parley's choice).
 */
export const AsyncLanguageCode = caseInsensitiveChoice(
  ASYNC_LANGUAGE_CODES,
  `languageCode must be one of ${ASYNC_LANGUAGE_CODES.join(', ')}`,
);
export type AsyncLanguageCode = z.infer<typeof AsyncLanguageCode>;

/** `mode`: `phone` for 8 kHz telephone audio, `default` for 16 kHz+ meeting audio. */
export const RecognitionMode = z.enum(['phone', 'default'], { error: 'mode must be "phone" or "default"' });
export type RecognitionMode = z.infer<typeof RecognitionMode>;

/**
 * Parley extension `recognizer`: `pocketsphinx` (in-process) or `remote` (the OpenAI-compatible
 * transcription server the Parley server was configured with).
 */
export const RecognizerBackend = z.enum(['pocketsphinx', 'remote'], {
  error: 'recognizer must be "pocketsphinx" or "remote"',
});
export type RecognizerBackend = z.infer<typeof RecognizerBackend>;

/** Parley extension `accuracy`: `best` spends about twice the recognition time on a second, adapted pass. */
export const RecognitionAccuracy = z.enum(['fast', 'best'], { error: 'accuracy must be "fast" or "best"' });
export type RecognitionAccuracy = z.infer<typeof RecognitionAccuracy>;

/** A non-blank phrase or label, trimmed. */
const Phrase = z.string().trim().min(1, 'cannot be blank');

// ---- option objects ----

/** A custom entity to detect: `{customType, text, value?}`. */
export const CustomEntity = z.object({
  /** The entity type reported for matches (`"Company Executives"`). */
  customType: Phrase,
  /** The text to look for. */
  text: Phrase,
  /** Normalised value reported for matches; undocumented default: the matched text. */
  value: z.string().optional(),
});
export type CustomEntity = z.infer<typeof CustomEntity>;

/** An inline tracker: a name and the phrases that make it fire. */
export const AsyncInlineTracker = z.object({
  /** The tracker's name, reported in `trackers-detected`. */
  name: Phrase,
  /** Phrases to detect; at least one. */
  vocabulary: z.array(Phrase).min(1, 'a tracker needs at least one phrase'),
});
export type AsyncInlineTracker = z.infer<typeof AsyncInlineTracker>;

/** A reference to a tracker stored with the Management API: `{"id": "5123033831841280"}`. */
export const AsyncTrackerReference = z.object({
  /** The managed tracker's id (numbers are turned into strings). */
  id: idString,
});
export type AsyncTrackerReference = z.infer<typeof AsyncTrackerReference>;

/** An entry of `trackers`: an inline definition or a reference to a managed tracker. */
export const AsyncTracker = z.union([AsyncInlineTracker, AsyncTrackerReference], {
  error: 'expected a tracker {name, vocabulary} or a reference {id}',
});
export type AsyncTracker = z.infer<typeof AsyncTracker>;

/** The speaker on one channel: name and email are both optional. */
export const ChannelSpeaker = z.object({
  /** Member name for this channel. */
  name: z.string().optional(),
  /** Member email for this channel (not format-checked; echoed into members as given). */
  email: z.string().optional(),
});
export type ChannelSpeaker = z.infer<typeof ChannelSpeaker>;

/** One entry of `channelMetadata`: the 1-based channel number and who speaks on it. */
export const ChannelMetadata = z.object({
  /** 1-based channel number (`1` or `"1"`). */
  channel: looseNumberIn(z.number().int().min(1), 'channel must be a positive integer (1-based)'),
  /** Who speaks on the channel. */
  speaker: ChannelSpeaker,
});
export type ChannelMetadata = z.infer<typeof ChannelMetadata>;

/** `channelMetadata`: one entry per channel; a channel may not be described twice. */
export const ChannelMetadataList = z.array(ChannelMetadata).superRefine((entries, ctx) => {
  const seen = new Set<number>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.channel)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'channel'],
        message: `channel ${entry.channel} is listed twice`,
      });
    }
    seen.add(entry.channel);
  });
});
export type ChannelMetadataList = z.infer<typeof ChannelMetadataList>;

/**
 * `conversationType`: labels such as `["sales"]`. The documentation sends an array, the Go SDK a single string; both
 * parse to an array. No documented effect; Parley stores it.
 */
export const ConversationType = z.union([z.array(Phrase), Phrase.transform((label) => [label])]);
export type ConversationType = z.infer<typeof ConversationType>;

/**
 * `metadata`: free string key/values (the Go SDK sends `{"salesStage": "...", "prospectName": "..."}`).
 * Undocumented; stored as the conversation's `metadata`.
 */
export const AsyncMetadata = z.record(z.string(), z.string());
export type AsyncMetadata = z.infer<typeof AsyncMetadata>;

/**
 * `redaction` (Parley extension to the async options, the streaming `config.redaction` as a job
 * option): `identifyContent` lists PII/PCI found on messages and insights as `entities`,
 * `redactContent` replaces it by `redactionString` (1-16 characters, default `****`) in everything
 * stored and served. In a query string: `redaction[redactContent]=true`.
 */
export const AsyncRedaction = z.object({
  identifyContent: LooseFlag.optional(),
  redactContent: LooseFlag.optional(),
  redactionString: z
    .string()
    .min(1, 'redactionString needs 1 to 16 characters')
    .max(16, 'redactionString needs 1 to 16 characters')
    .optional(),
});
export type AsyncRedaction = z.infer<typeof AsyncRedaction>;

/** Options every submit endpoint (file, URL and text) takes, with their defaults. */
const commonOptionFields = {
  /** Conversation name; defaults to the conversation id. */
  name: z.string().optional(),
  /** Receives a POST on every job status change. */
  webhookUrl: WebhookUrl.optional(),
  /** Minimum score for an insight to be kept. */
  confidenceThreshold: ConfidenceThreshold.default(ASYNC_OPTION_DEFAULTS.confidenceThreshold),
  /** Fill `phrases` on messages. */
  detectPhrases: LooseFlag.default(ASYNC_OPTION_DEFAULTS.detectPhrases),
  /** Detect entities (otherwise `GET .../entities` is empty). */
  detectEntities: LooseFlag.default(ASYNC_OPTION_DEFAULTS.detectEntities),
  /** Custom entities to detect. */
  entities: z.array(CustomEntity).optional(),
  /** Inline trackers or references to managed ones. */
  trackers: z.array(AsyncTracker).optional(),
  /** Also detect every managed tracker of the account. */
  enableAllTrackers: LooseFlag.default(ASYNC_OPTION_DEFAULTS.enableAllTrackers),
  /** A spelling of `enableAllTrackers` that one documentation page uses; folded into it. */
  enableAllTracker: LooseFlag.optional(),
  /** Prepare a summary. */
  enableSummary: LooseFlag.default(ASYNC_OPTION_DEFAULTS.enableSummary),
  /**
   * Minutes behind UTC (`Date.getTimezoneOffset()`: 480 is UTC-08:00) for resolving relative
   * dates; accepted on every endpoint (texts have dates too). When neither this nor `timezone`
   * is given, the conversation keeps its zone (an append), else the server's default, else UTC.
   */
  timezoneOffset: TimezoneOffset.optional(),
  /**
   * Parley extension (Symbl ignores it): the conversation's time zone, an IANA name such as
   * `Europe/Berlin` (daylight saving time included) or an offset such as `-08:00`. Wins over
   * `timezoneOffset`; due dates are served with its offset.
   */
  timezone: TimeZoneName.optional(),
  /** Labels; no documented effect. */
  conversationType: ConversationType.optional(),
  /** Stored as the conversation's metadata. */
  metadata: AsyncMetadata.optional(),
  /** PII/PCI identification and redaction (Parley extension). */
  redaction: AsyncRedaction.optional(),
};

/** Recognition options of the audio and video endpoints (file and URL). */
const recognitionOptionFields = {
  /** Recognition language. */
  languageCode: AsyncLanguageCode.default(ASYNC_OPTION_DEFAULTS.languageCode),
  /** Recognition hints (words or phrases). */
  customVocabulary: z.array(Phrase).optional(),
  /** `phone` (8 kHz) or `default` (16 kHz+). */
  mode: RecognitionMode.default(ASYNC_OPTION_DEFAULTS.mode),
  /** Recognise each channel separately, one speaker per channel. */
  enableSeparateRecognitionPerChannel: LooseFlag.default(
    ASYNC_OPTION_DEFAULTS.enableSeparateRecognitionPerChannel,
  ),
  /** Who speaks on which channel; used only with per-channel recognition (ignored otherwise). */
  channelMetadata: ChannelMetadataList.optional(),
  /** Separate speakers in a mono stream; wins over per-channel recognition. */
  enableSpeakerDiarization: LooseFlag.default(ASYNC_OPTION_DEFAULTS.enableSpeakerDiarization),
  /** Number of distinct speakers; required with diarization. */
  diarizationSpeakerCount: DiarizationSpeakerCount.optional(),
  /**
   * Parley extension (Symbl ignores it): when the recording began, ISO 8601. Times of messages
   * and relative dates ("next Friday") are resolved against it; default: submission time.
   */
  startTime: IsoDateTime.optional(),
  /**
   * Parley extension: keep the recording after the job, so the conversation page can play it
   * in step with the transcript. Default: the server's setting (`parley serve --keep-media`).
   */
  keepMedia: LooseFlag.optional(),
  /** Parley extension: which recogniser hears the audio; default: the server's. */
  recognizer: RecognizerBackend.optional(),
  /** Parley extension: `fast` (default) or `best` (a second, adapted recognition pass). */
  accuracy: RecognitionAccuracy.optional(),
};

/** Folds the documentation's `enableAllTracker` spelling into `enableAllTrackers`. */
function foldTrackerAlias<T extends { enableAllTrackers: boolean; enableAllTracker?: boolean | undefined }>({
  enableAllTracker,
  ...options
}: T): Omit<T, 'enableAllTracker'> {
  return { ...options, enableAllTrackers: options.enableAllTrackers || enableAllTracker === true };
}

/**
 * Diarization needs a speaker count (documented as required with diarization) and is offered for
 * English and Spanish only; for other languages the request is rejected rather than silently
 * returning undiarized speakers (undocumented; our choice).
 */
function checkDiarization(
  options: {
    enableSpeakerDiarization: boolean;
    diarizationSpeakerCount?: number | undefined;
    languageCode: string;
  },
  ctx: z.RefinementCtx,
): void {
  // Object refinements also run when a field failed, with that field's raw value: judge only valid ones.
  if (options.enableSpeakerDiarization !== true) return;
  if (options.diarizationSpeakerCount === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['diarizationSpeakerCount'],
      message: 'diarizationSpeakerCount is required when enableSpeakerDiarization is true',
    });
  }
  const language = options.languageCode;
  const known = (ASYNC_LANGUAGE_CODES as readonly string[]).includes(language);
  if (known && !(DIARIZATION_LANGUAGE_PREFIXES as readonly string[]).includes(language.slice(0, 2))) {
    ctx.addIssue({
      code: 'custom',
      path: ['enableSpeakerDiarization'],
      message: `speaker diarization supports English and Spanish only, not ${options.languageCode}`,
    });
  }
}

/** The options of the text endpoints (body, with query-string options merged in). */
export const TextProcessOptions = z.object(commonOptionFields).transform(foldTrackerAlias);
export type TextProcessOptions = z.infer<typeof TextProcessOptions>;

/**
 * The options of the audio and video endpoints. For file uploads (`POST/PUT /v1/process/{audio,
 * video}`) this is the whole request besides the bytes: parse it from `readAsyncQuery(query)`.
 */
export const MediaProcessOptions = z
  .object({ ...commonOptionFields, ...recognitionOptionFields })
  .superRefine(checkDiarization)
  .transform(foldTrackerAlias);
export type MediaProcessOptions = z.infer<typeof MediaProcessOptions>;
/** What a client may send as media options (strings for booleans and numbers, defaults omitted). */
export type MediaProcessOptionsInput = z.input<typeof MediaProcessOptions>;

// ---- text messages ----

/** `payload.contentType`: `text/plain` (any case, optional parameters) is the only value seen. */
const TextContentType = z
  .string()
  .regex(/^\s*[tT][eE][xX][tT]\/[pP][lL][aA][iI][nN]\s*(;.*)?$/, 'contentType must be "text/plain"');

/** A message's text. Several sentences may come in one message; the server splits them. */
export const TextMessagePayload = z.object({
  /** Free text; must not be blank. */
  content: z.string().refine((text) => text.trim() !== '', 'content cannot be blank'),
  /** `"text/plain"`. */
  contentType: TextContentType.optional(),
});
export type TextMessagePayload = z.infer<typeof TextMessagePayload>;

/** A message's author. The Go SDK sends `id` instead of `userId`; it is read as `userId`. */
export const TextMessageAuthor = z
  .object({
    /** Display name. */
    name: z.string().optional(),
    /** Unique user id; an email address by convention. */
    userId: idString.optional(),
    /** The Go SDK's spelling of `userId`. */
    id: idString.optional(),
  })
  .transform(({ id, ...author }) =>
    author.userId === undefined && id !== undefined ? { ...author, userId: id } : author,
  );
export type TextMessageAuthor = z.infer<typeof TextMessageAuthor>;

/** A message's timing; when absent the server assigns times. `endTime` may not precede `startTime`. */
export const TextMessageDuration = z
  .object({
    /** ISO 8601 start. */
    startTime: IsoDateTime.optional(),
    /** ISO 8601 end. */
    endTime: IsoDateTime.optional(),
  })
  .superRefine(({ startTime, endTime }, ctx) => {
    if (startTime !== undefined && endTime !== undefined && Date.parse(endTime) < Date.parse(startTime)) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'endTime is before startTime' });
    }
  });
export type TextMessageDuration = z.infer<typeof TextMessageDuration>;

/** One entry of `messages` on the text endpoints. */
export const TextMessage = z.object({
  /** The text. */
  payload: TextMessagePayload,
  /** Who wrote or said it. */
  from: TextMessageAuthor.optional(),
  /** When it was said. */
  duration: TextMessageDuration.optional(),
});
export type TextMessage = z.infer<typeof TextMessage>;

// ---- requests ----

/** `POST /v1/process/text` and `PUT /v1/process/text/{conversationId}`: messages plus options. */
export const TextProcessRequest = z
  .object({
    ...commonOptionFields,
    /** The messages, in order; at least one. */
    messages: z.array(TextMessage).min(1, 'messages must hold at least one message'),
  })
  .transform(foldTrackerAlias);
export type TextProcessRequest = z.infer<typeof TextProcessRequest>;
/** What a client may send to the text endpoints. */
export type TextProcessRequestInput = z.input<typeof TextProcessRequest>;

/**
 * `POST /v1/process/{audio,video}/url` and `PUT .../url/{conversationId}`: the media URL plus
 * options. Video URLs should point at mp4 files (not checked: the bytes decide).
 */
export const MediaUrlRequest = z
  .object({
    ...commonOptionFields,
    ...recognitionOptionFields,
    /** Publicly reachable direct file URL. */
    url: MediaUrl,
  })
  .superRefine(checkDiarization)
  .transform(foldTrackerAlias);
export type MediaUrlRequest = z.infer<typeof MediaUrlRequest>;
/** What a client may send to the URL endpoints. */
export type MediaUrlRequestInput = z.input<typeof MediaUrlRequest>;

// ---- query strings ----

/** Options whose query value is a list of strings. */
const STRING_LIST_KEYS = new Set(['customVocabulary', 'conversationType']);
/** Options whose query value is a list of objects. */
const OBJECT_LIST_KEYS = new Set(['entities', 'trackers', 'channelMetadata']);
/** Options whose query value is an object. */
const OBJECT_KEYS = new Set(['metadata', 'features', 'redaction']);
/** Keys that would reach an object's prototype. */
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
/** Largest `qs` index honoured, as `qs` itself limits arrays; larger indexes become object keys. */
const MAX_QS_INDEX = 1000;

/** A query string, a `URLSearchParams`, or a record a framework already parsed (repeats as arrays). */
export type AsyncQueryInput =
  | string
  | URLSearchParams
  | Readonly<Record<string, string | readonly string[] | undefined>>;

function queryPairs(query: AsyncQueryInput): [string, string][] {
  if (typeof query === 'string') return [...new URLSearchParams(query)];
  if (query instanceof URLSearchParams) return [...query];
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string') pairs.push([key, value]);
    else if (Array.isArray(value)) for (const item of value) pairs.push([key, item]);
  }
  return pairs;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * A string list in any query encoding: URL-encoded JSON (`["a","b"]`), the Go SDK's unquoted `[a,b]`, or a
 * comma list (`a,b`). A bare value is a one-item list. Malformed JSON is left as the raw string so
 * that the schema reports the field.
 */
function decodeStringList(value: string): unknown[] | string {
  const text = value.trim();
  if (!text.startsWith('[') && !text.startsWith('{')) return splitCommas(text);
  const json = tryJson(text);
  if (json.ok && Array.isArray(json.value)) {
    return json.value.map((item) =>
      typeof item === 'number' || typeof item === 'boolean' ? String(item) : item,
    );
  }
  // The Go SDK's `[a,b]`: brackets, no quotes, not JSON.
  if (!json.ok && text.startsWith('[') && text.endsWith(']') && !text.includes('"')) {
    return splitCommas(text.slice(1, -1));
  }
  return value;
}

function splitCommas(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** An object list as URL-encoded JSON: an array, or one object standing for a one-item list. */
function decodeObjectList(value: string): unknown[] | string {
  const json = tryJson(value);
  if (!json.ok) return value;
  if (Array.isArray(json.value)) return json.value;
  if (typeof json.value === 'object' && json.value !== null) return [json.value];
  return value;
}

function decodeObject(value: string): unknown {
  const json = tryJson(value);
  return json.ok && typeof json.value === 'object' && json.value !== null ? json.value : value;
}

/** Splits `a[0][b]` into `a` and `['0', 'b']`; `undefined` for keys without brackets. */
function bracketPath(key: string): { base: string; path: string[] } | undefined {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])+)$/.exec(key);
  if (!match) return undefined;
  return { base: match[1]!, path: [...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!) };
}

type Tree = { [key: string]: Tree | string };

function setAtPath(tree: Tree, path: string[], value: string): void {
  let node = tree;
  for (let i = 0; i < path.length; i++) {
    let key = path[i]!;
    if (UNSAFE_KEYS.has(key)) return;
    // `a[]=x` appends, as in qs.
    if (key === '') key = String(Object.keys(node).length);
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next === 'object') node = next;
    else {
      const child: Tree = {};
      node[key] = child;
      node = child;
    }
  }
}

/** Turns objects keyed `0..n` into arrays (sorted, compacted), as `qs` does. */
function arrayify(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const indexes = keys.map((key) => (/^(0|[1-9]\d*)$/.test(key) ? Number(key) : Number.NaN));
  if (keys.length > 0 && indexes.every((index) => index <= MAX_QS_INDEX)) {
    return keys
      .map((key, i) => [indexes[i]!, node[key]!] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, child]) => arrayify(child));
  }
  return Object.fromEntries(keys.map((key) => [key, arrayify(node[key]!)]));
}

/**
 * Decodes the option part of an async query string into the plain values the request schemas
 * parse, accepting every encoding clients use:
 * - booleans and numbers stay strings (`"true"`, `"0.600000"`): the schemas coerce them;
 * - lists (`customVocabulary`, `conversationType`, `entities`, `trackers`, `channelMetadata`) as
 *   URL-encoded JSON, the Go SDK's unquoted `[a,b]`, comma lists (string lists only), repeated keys (values
 *   concatenated) and `qs` brackets (`customVocabulary[0]=a`, `channelMetadata[0][channel]=1`);
 * - objects (`metadata`) as URL-encoded JSON or `qs` brackets;
 * - any other repeated key keeps its last value (the Go SDK's file URL starts with `?name=<file>` and
 *   appends a user-given `&name=` after it).
 */
export function readAsyncQuery(query: AsyncQueryInput): Record<string, unknown> {
  const scalars = new Map<string, string>();
  // A list that met an undecodable value becomes that raw string, so the schema names the field.
  const lists = new Map<string, unknown[] | string>();
  const nested: Tree = {};
  for (const [key, value] of queryPairs(query)) {
    const bracketed = bracketPath(key);
    const base = bracketed?.base ?? key;
    if (UNSAFE_KEYS.has(base)) continue;
    if (bracketed) setAtPath(nested, [base, ...bracketed.path], value);
    else if (STRING_LIST_KEYS.has(key) || OBJECT_LIST_KEYS.has(key)) {
      const decoded = STRING_LIST_KEYS.has(key) ? decodeStringList(value) : decodeObjectList(value);
      const list = lists.get(key) ?? [];
      if (typeof list === 'string') continue;
      lists.set(key, Array.isArray(decoded) ? [...list, ...decoded] : decoded);
    } else scalars.set(key, value);
  }
  const options: Record<string, unknown> = {};
  for (const [key, value] of scalars) options[key] = OBJECT_KEYS.has(key) ? decodeObject(value) : value;
  for (const [key, list] of lists) options[key] = list;
  for (const [key, tree] of Object.entries(nested)) options[key] = arrayify(tree);
  return options;
}

/**
 * Combines the options of the query string (already decoded by {@link readAsyncQuery}) with a JSON
 * body: the body wins per key. A body that is not an object is returned as is, so the schema
 * rejects it; no body (file uploads) leaves the query options.
 */
export function mergeAsyncOptionSources(query: Record<string, unknown>, body?: unknown): unknown {
  if (body === undefined) return query;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return { ...query, ...body };
}

/**
 * Encodes options for a file upload's query string the way the Python SDK does: booleans and
 * numbers as strings, lists and objects as JSON, absent values left out.
 */
export function writeAsyncQuery(options: Readonly<Record<string, unknown>>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return params;
}
