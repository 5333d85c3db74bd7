import { z } from 'zod';
import { OverflowPolicy } from '../../sources/OverflowPolicy.ts';
import type { ParleyError } from '../errors/ParleyError.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { parse } from '../model/parse.ts';
import {
  StartRequest,
  StartRequestConfig,
  StartRequestTracker,
  StreamingInsightType,
  StreamingSpeaker,
} from '../model/streamingClientMessages.ts';
import { ReconnectOptions, type ReconnectPolicy, reconnectPolicy } from './reconnectPolicy.ts';
import { StreamingPath, streamingUrl } from './streamingUrl.ts';
import type { TokenSource } from './TokenSource.ts';
import type { WireAudioFormat } from './wireAudio.ts';

const isFunction = (value: unknown): boolean => typeof value === 'function';

/** Options of `streamingSession`: where to connect, what to ask for, and every bound. */
export const StreamingSessionOptions = z.object({
  /** Server base URL, `http(s)://host[:port][/prefix]` or `ws(s)://...`. */
  baseUrl: z.string(),
  /** Access token, or a provider called before every connection (refresh on reconnect). */
  token: z.custom<TokenSource>(
    (value) => typeof value === 'string' || isFunction(value),
    'expected a token string or a function returning one',
  ),
  /**
   * How the token travels: `query` (`access_token`, what every Symbl SDK does; default), `header`
   * (`X-API-KEY`, keeps it out of URL logs) or `subprotocol` (the WebSocket subprotocol).
   */
  tokenTransport: z.enum(['query', 'header', 'subprotocol']).default('query'),
  /**
   * Names the session in the URL path; default a new UUID per subscription. Sessions given the
   * same id feed one conversation (one speaker each).
   */
  connectionId: z.string().optional(),
  /** `streaming` (default) or the legacy `realtime` (`/v1/realtime/insights/`) path. */
  path: StreamingPath.optional(),

  /** Insight types for `insight_response` (`action_item`, `question`, `follow_up`). */
  insightTypes: z.array(StreamingInsightType).optional(),
  /**
   * `start_request.config`. `speechRecognition` is filled in from the audio itself; give it only
   * to declare the format before the first chunk.
   */
  config: StartRequestConfig.optional(),
  /** Who speaks on this socket. */
  speaker: StreamingSpeaker.optional(),
  /** Inline trackers `{ name, vocabulary }`, or stored ones `{ id }`. */
  trackers: z.array(StartRequestTracker).optional(),
  /** Recognition hints. */
  customVocabulary: z.array(z.string()).optional(),
  /**
   * Seconds (0-1800) the server keeps the conversation open after a dropped socket. Default: 60
   * when `reconnect` is on (the session needs it to rejoin), otherwise the server's default.
   */
  noConnectionTimeout: z.number().optional(),

  /** Bounds of the client-side send buffer. */
  sendBuffer: z
    .object({
      /** Most audio waiting for the socket, in ms (default 60000). */
      maxQueuedMs: z.number().positive().default(60_000),
      /** When more arrives: `error` (default, BufferOverflowError) or `drop-oldest`. */
      overflow: OverflowPolicy.default('error'),
      /** Audio is handed to the socket only while `ws.bufferedAmount` is below this (default 64 KiB). */
      highWaterMarkBytes: z
        .number()
        .positive()
        .default(64 * 1024),
      /** Largest binary frame (default 8192 bytes, the documented maximum); rounded down. */
      maxFrameBytes: z.number().min(1).default(8192).transform(Math.floor),
      /**
       * Told `true` when the queue is half full and `false` when it is back to a quarter: pass the
       * `paused` subject of `fromReadable` to hold the source back instead of overflowing.
       */
      lag: z
        .custom<{ next(lagging: boolean): void }>(
          (value) => isFunction((value as { next?: unknown } | null)?.next),
          'expected an object with next(lagging)',
        )
        .optional(),
    })
    .prefault({}),
  /**
   * Keep-alive: the text frame `__PING__` every `intervalMs` (default 30500) once started; no
   * `__PONG__` within `timeoutMs` (default 30000) counts as a dropped connection. `false` turns it
   * off. A `__PING__` from the server is always answered with `__PONG__`.
   */
  keepAlive: z
    .union([
      z.literal(false),
      z.object({
        intervalMs: z.number().positive().default(30_500),
        timeoutMs: z.number().positive().default(30_000),
      }),
    ])
    .prefault({}),
  /**
   * Bound on the WebSocket opening, and separately on `start_request` -> `started_listening`, in ms
   * (default 15000 each); then TimeoutError. `start_request` goes out once the audio format is known
   * (first chunk, or `config.speechRecognition`), so a source slow to start is not a timeout.
   */
  connectTimeoutMs: z.number().positive().default(15_000),
  /**
   * After `stop_request`, how long to wait for the next server frame, in ms (default 60000): every
   * frame of the flush restarts the wait, so a long backlog may finish; silence errors with
   * TimeoutError.
   */
  stopTimeoutMs: z.number().positive().default(60_000),
  /** Whole-session deadline from subscription, in ms (default none); then TimeoutError. */
  deadlineMs: z.number().positive().optional(),
  /**
   * Opt-in reconnection after a connection that had started drops (abnormal close codes, missing
   * pong, network errors): same connectionId, fresh token, `start_request` again, then the audio
   * the server has not acknowledged is replayed. Final results are deduplicated by id. Never on
   * the first handshake: a session that cannot start errors at once.
   */
  reconnect: z.union([z.boolean(), ReconnectOptions]).optional(),
  /** Told about each reconnection attempt (for logs); not an event of the stream. */
  onReconnecting: z
    .custom<(attempt: number, cause: ParleyError) => void>(isFunction, 'expected a function')
    .optional(),
});
export type StreamingSessionOptions = z.input<typeof StreamingSessionOptions>;

type ParsedOptions = z.output<typeof StreamingSessionOptions>;
type RequestFields = 'insightTypes' | 'config' | 'speaker' | 'trackers' | 'customVocabulary';

/** The options checked once, with defaults applied and the parts built that every socket sends. */
export interface SessionSettings
  extends Omit<ParsedOptions, RequestFields | 'noConnectionTimeout' | 'reconnect'> {
  /** The `start_request` without its audio format (see {@link startRequestFor}). */
  startRequest: StartRequest;
  /** The format `config` declares before the first chunk, if it declares one. */
  declaredFormat: WireAudioFormat | undefined;
  reconnect: ReconnectPolicy | undefined;
}

/** Checks `options` (ValidationError naming each bad field) and applies the defaults. */
export function sessionSettings(options: StreamingSessionOptions): SessionSettings {
  const parsed = parse(StreamingSessionOptions, options, 'streaming options');
  const { insightTypes, config, speaker, trackers, customVocabulary, ...rest } = parsed;
  // Validates the URL and connection id now rather than at subscription.
  streamingUrl(parsed.baseUrl, parsed.connectionId ?? 'x', { path: parsed.path });
  const reconnect = reconnectPolicy(parsed.reconnect);
  const noConnectionTimeout = parsed.noConnectionTimeout ?? (reconnect ? 60 : undefined);
  const request = { type: 'start_request', insightTypes, config, speaker, trackers, customVocabulary };
  // The wire schema has the last word on what a start_request may hold.
  const startRequest = parse(
    StartRequest,
    noConnectionTimeout === undefined ? request : { ...request, noConnectionTimeout },
    'streaming options',
  );
  return { ...rest, startRequest, declaredFormat: declaredFormatOf(config), reconnect };
}

/** The format `config` declares (`speechRecognition` or the flat fields), if any. */
function declaredFormatOf(config: StartRequestConfig | undefined): WireAudioFormat | undefined {
  const rate = config?.speechRecognition?.sampleRateHertz ?? config?.sampleRateHertz;
  const encoding = config?.speechRecognition?.encoding ?? config?.encoding;
  if (rate === undefined && encoding === undefined) return undefined;
  if (encoding !== undefined && encoding !== 'LINEAR16' && encoding !== 'MULAW') {
    throw new ValidationError('streaming options', [
      {
        path: 'config.speechRecognition.encoding',
        message: `streamingSession sends LINEAR16 or MULAW audio chunks, got ${encoding}`,
      },
    ]);
  }
  return {
    encoding: encoding ?? 'LINEAR16',
    sampleRateHertz: rate ?? (encoding === 'MULAW' ? 8000 : 16000),
  };
}

/**
 * The `start_request` a socket sends for audio in `format`: the format goes in
 * `config.speechRecognition` (the flat `config.encoding` / `config.sampleRateHertz` are dropped, so
 * the server reads one declaration).
 */
export function startRequestFor(request: StartRequest, format: WireAudioFormat): StartRequest {
  const { encoding: _flatEncoding, sampleRateHertz: _flatRate, ...config } = request.config ?? {};
  return {
    ...request,
    config: {
      ...config,
      speechRecognition: {
        ...config.speechRecognition,
        encoding: format.encoding,
        sampleRateHertz: format.sampleRateHertz,
      },
    },
  };
}
