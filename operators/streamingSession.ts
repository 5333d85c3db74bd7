import { randomUUID } from 'node:crypto';
import { Observable, type OperatorFunction, Subscription } from 'rxjs';
import WebSocket from 'ws';
import type { AudioChunk } from '../sources/AudioChunk.ts';
import { AuthenticationError } from '../src/errors/AuthenticationError.ts';
import { ConnectionError } from '../src/errors/ConnectionError.ts';
import type { ParleyError } from '../src/errors/ParleyError.ts';
import { ProtocolError } from '../src/errors/ProtocolError.ts';
import { TimeoutError } from '../src/errors/TimeoutError.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';
import { WebSocketClosedError } from '../src/errors/WebSocketClosedError.ts';
import { decodeServerFrame, encodeClientFrame } from '../src/model/streaming.ts';
import {
  PING_TEXT,
  PONG_TEXT,
  type StartRequest,
  type StartRequestConfig,
  type StartRequestTracker,
  type StreamingInsightType,
  type StreamingSpeaker,
} from '../src/model/streamingClientMessages.ts';
import { fromWireTime } from '../src/model/streamingWireTime.ts';
import type { AudioSegment } from '../src/streaming/AudioSegment.ts';
import { dedupeResults } from '../src/streaming/dedupeResults.ts';
import { ReplayBuffer } from '../src/streaming/ReplayBuffer.ts';
import {
  backoffDelayMs,
  isReconnectable,
  type ReconnectOptions,
  reconnectPolicy,
} from '../src/streaming/reconnectPolicy.ts';
import { type SendOverflowPolicy, SendQueue } from '../src/streaming/SendQueue.ts';
import type { StreamingEvent } from '../src/streaming/StreamingEvent.ts';
import { type StreamingPath, streamingUrl } from '../src/streaming/streamingUrl.ts';
import { resolveToken, type TokenSource } from '../src/streaming/TokenSource.ts';
import {
  sameWireFormat,
  type WireAudioFormat,
  wireBytesOf,
  wireBytesPerSecond,
  wireFormatOf,
} from '../src/streaming/wireAudio.ts';

// The types a caller of streamingSession needs, from the one entry point that exports it.
export type { ReconnectOptions } from '../src/streaming/reconnectPolicy.ts';
export type { SendOverflowPolicy } from '../src/streaming/SendQueue.ts';
export type { StreamingEvent, StreamingEventOf } from '../src/streaming/StreamingEvent.ts';
export type { StreamingPath } from '../src/streaming/streamingUrl.ts';
export type { TokenSource } from '../src/streaming/TokenSource.ts';

/** Options of {@link streamingSession}: where to connect, what to ask for, and every bound. */
export interface StreamingSessionOptions {
  /** Server base URL, `http(s)://host[:port][/prefix]` or `ws(s)://...`. */
  baseUrl: string;
  /** Access token, or a provider called before every connection (refresh on reconnect). */
  token: TokenSource;
  /**
   * How the token travels (spec 1): `query` (`access_token`, what every Symbl SDK does; default),
   * `header` (`X-API-KEY`, keeps it out of URL logs) or `subprotocol`.
   */
  tokenTransport?: 'query' | 'header' | 'subprotocol';
  /**
   * Names the session (spec 1.1); default a new UUID per subscription. Sessions given the same id
   * feed one conversation (one speaker each).
   */
  connectionId?: string;
  /** `streaming` (default) or the legacy `realtime` (`/v1/realtime/insights/`) path. */
  path?: StreamingPath;

  /** Insight types for `insight_response` (`action_item`, `question`, `follow_up`). */
  insightTypes?: StreamingInsightType[];
  /**
   * `start_request.config` (spec 3.2). `speechRecognition` is filled in from the audio itself
   * (see {@link streamingSession}); give it only to declare the format before the first chunk.
   */
  config?: StartRequestConfig;
  /** Who speaks on this socket. */
  speaker?: StreamingSpeaker;
  /** Inline trackers `{ name, vocabulary }`. */
  trackers?: StartRequestTracker[];
  /** Recognition hints. */
  customVocabulary?: string[];
  /**
   * Seconds the server keeps the conversation open after a dropped socket (spec 3.1). Default: 60
   * when `reconnect` is on (the session needs it to rejoin), otherwise the server's default.
   */
  noConnectionTimeout?: number;

  /** Bounds of the client-side send buffer. */
  sendBuffer?: {
    /** Most audio waiting for the socket, in ms (default 60000). */
    maxQueuedMs?: number;
    /** When more arrives: `error` (default, BufferOverflowError) or `drop-oldest`. */
    overflow?: SendOverflowPolicy;
    /** Audio is handed to the socket only while `ws.bufferedAmount` is below this (default 64 KiB). */
    highWaterMarkBytes?: number;
    /** Largest binary frame (default 8192 bytes, the documented maximum). */
    maxFrameBytes?: number;
    /**
     * Told `true` when the queue is half full and `false` when it is back to a quarter: pass the
     * `paused` subject of `fromReadable` to hold the source back instead of overflowing.
     */
    lag?: { next(lagging: boolean): void };
  };
  /**
   * Keep-alive (spec 2.3): `__PING__` every `intervalMs` (default 30500) once started; no `__PONG__`
   * within `timeoutMs` (default 30000) counts as a dropped connection. `false` turns it off. A
   * `__PING__` from the server is always answered with `__PONG__`.
   */
  keepAlive?: false | { intervalMs?: number; timeoutMs?: number };
  /**
   * Bound on the WebSocket opening, and separately on `start_request` → `started_listening`, in ms
   * (default 15000 each); then TimeoutError. `start_request` goes out once the audio format is known
   * (first chunk, or `config.speechRecognition`), so a source slow to start is not a timeout.
   */
  connectTimeoutMs?: number;
  /**
   * After `stop_request`, how long to wait for the next server frame, in ms (default 60000): every
   * frame of the flush restarts the wait, so a long backlog may finish; silence errors with
   * TimeoutError.
   */
  stopTimeoutMs?: number;
  /** Whole-session deadline from subscription, in ms (default none); then TimeoutError. */
  deadlineMs?: number;
  /**
   * Opt-in reconnection after a connection that had started drops (abnormal close codes, missing
   * pong, network errors): same connectionId, fresh token, `start_request` again, then the audio
   * the server has not acknowledged is replayed. Final results are deduplicated by id. Never on
   * the first handshake: a session that cannot start errors at once.
   */
  reconnect?: boolean | ReconnectOptions;
  /** Told about each reconnection attempt (for logs); not an event of the stream. */
  onReconnecting?: (attempt: number, cause: ParleyError) => void;
}

const DEFAULT_FORMAT: WireAudioFormat = { encoding: 'LINEAR16', sampleRateHertz: 16000 };

/** Per-socket state; a session has at most one live connection at a time. */
interface Connection {
  ws: WebSocket;
  started: boolean;
  stopSent: boolean;
  declared: WireAudioFormat | undefined;
  /** Session byte of this socket's first audio byte (result times of a plain server count from it). */
  baseByte: number | undefined;
  /** The server started a fresh stream on this socket: its byte counts restart here. */
  freshStream: boolean;
  failure: ParleyError | undefined;
  awaitingPong: boolean;
  timers: Set<NodeJS.Timeout>;
}

/**
 * The Streaming API as an operator: audio in, typed server events out.
 *
 * Input is {@link AudioChunk} (it carries its format, so raw Buffers would be ambiguous): mono,
 * 8-48 kHz; s16le goes as LINEAR16, μ-law at 8 kHz as MULAW, floats and A-law are converted to
 * LINEAR16. The format declared in `start_request` is the first chunk's (or `config.speechRecognition`);
 * a later change is announced with `modify_request`.
 *
 * Each subscription opens one WebSocket to `{baseUrl}/v1/streaming/{connectionId}` and:
 * - errors with AuthenticationError (HTTP 401/403 at upgrade), ConnectionError (refused, DNS,
 *   other HTTP status), WebSocketClosedError (closed before `started_listening`, with its code) or
 *   TimeoutError (no `started_listening` in `connectTimeoutMs`);
 * - queues audio until the server has started, then sends it in frames of at most 8192 bytes
 *   while `ws.bufferedAmount` is under the high-water mark. The queue is bounded (`maxQueuedMs`);
 *   past it the default policy errors with BufferOverflowError, `drop-oldest` discards old audio;
 * - when the audio completes, sends `stop_request` after the last byte and keeps emitting until
 *   `conversation_completed` (or a normal close), then completes: the final flush is never cut;
 * - emits every server frame zod-parsed (see StreamingEvent); unknown frame types are skipped, a
 *   known frame with a bad field errors with ValidationError;
 * - on unsubscribe closes the socket (1000) and unsubscribes from the audio;
 * - with `reconnect`, rejoins after a drop: with Parley's server it resumes the same stream
 *   (`resumeKey`/`lastSeq`, acknowledged audio bytes, results numbered by `seq`; see
 *   src/server/streaming/README.md), elsewhere it replays the audio after the last final result.
 *   Final results are emitted once (by `seq`, and by message and insight id).
 *
 * The result is cold: every subscription is a new session. To apply several selectors to one
 * session, `share()` it first. To end a session keeping every result, complete the audio (for
 * example with `takeUntil`): unsubscribing cancels at once, without `stop_request`.
 */
export function streamingSession(
  options: StreamingSessionOptions,
): OperatorFunction<AudioChunk, StreamingEvent> {
  const settings = checkOptions(options);
  return (audio$) =>
    new Observable<StreamingEvent>((subscriber) => {
      const queue = new SendQueue({ maxQueuedMs: settings.maxQueuedMs, overflow: settings.overflow });
      const replay = settings.reconnect ? new ReplayBuffer(settings.reconnect.replayMs) : undefined;
      const sessionTimers = new Set<NodeJS.Timeout>();
      const audio = new Subscription();
      let conn: Connection | undefined;
      let timelineMs = 0;
      // Bytes handed to sockets so far: the byte timeline acknowledgements refer to. Audio gets its
      // place on it when first sent, so audio dropped from the queue leaves no hole.
      let sentBytes = 0;
      // Parley's resume protocol (src/server/streaming/README.md): a key per audio stream, the
      // last result number seen, and where the server's byte count of the stream starts.
      const resumeKey = settings.reconnect ? randomUUID() : undefined;
      // Each subscription is its own session unless the caller names one to join.
      const connectionId = options.connectionId ?? randomUUID();
      let lastSeq: number | undefined;
      let streamBaseByte = 0;
      let explicitAcks = false;
      let audioDone = false;
      let lastFormat = settings.declaredFormat;
      let everStarted = false;
      let attempt = 0;
      let finished = false;
      let lagging = false;

      const later = (timers: Set<NodeJS.Timeout>, ms: number, fn: () => void): NodeJS.Timeout => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          fn();
        }, ms);
        timers.add(timer);
        return timer;
      };
      const clearAll = (timers: Set<NodeJS.Timeout>): void => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
      };

      const closeSocket = (c: Connection, code = 1000, reason = ''): void => {
        clearAll(c.timers);
        c.ws.removeAllListeners('message');
        if (c.ws.readyState === WebSocket.OPEN) {
          c.ws.close(code, reason);
          // A peer that never answers the close frame must not hold the process for ws's 30 s.
          setTimeout(() => c.ws.terminate(), 2000).unref();
        } else if (c.ws.readyState === WebSocket.CONNECTING) {
          c.ws.terminate();
        }
      };

      const finish = (error?: unknown): void => {
        if (finished) return;
        finished = true;
        clearAll(sessionTimers);
        audio.unsubscribe();
        if (conn) closeSocket(conn, 1000, error === undefined ? 'done' : 'client error');
        conn = undefined;
        if (error === undefined) subscriber.complete();
        else subscriber.error(error);
      };

      const signalLag = (): void => {
        const lag = settings.lag;
        if (lag && queue.lagging !== lagging) {
          lagging = queue.lagging;
          lag.next(lagging);
        }
      };

      const pump = (): void => {
        const c = conn;
        if (finished || !c || !c.started || c.ws.readyState !== WebSocket.OPEN) return;
        while (c.ws.bufferedAmount < settings.highWaterMarkBytes) {
          const segment = queue.shift();
          if (!segment) break;
          if (!c.declared || !sameWireFormat(c.declared, segment.format)) {
            c.ws.send(encodeClientFrame({ type: 'modify_request', speechRecognition: segment.format }));
            c.declared = segment.format;
          }
          if (segment.startByte < 0) {
            segment.startByte = sentBytes;
            sentBytes += segment.bytes.length;
          }
          if (c.baseByte === undefined) {
            c.baseByte = segment.startByte;
            if (c.freshStream) streamBaseByte = segment.startByte;
          }
          const { bytes } = segment;
          for (let at = 0; at < bytes.length; at += settings.maxFrameBytes) {
            const last = at + settings.maxFrameBytes >= bytes.length;
            const frame = bytes.subarray(at, at + settings.maxFrameBytes);
            // The write callback of the last frame re-runs the pump once the socket has taken it.
            if (last) c.ws.send(frame, (error) => (error ? undefined : pump()));
            else c.ws.send(frame);
          }
          replay?.sent(segment);
        }
        signalLag();
        if (queue.length === 0 && audioDone && !c.stopSent) {
          c.stopSent = true;
          c.ws.send(encodeClientFrame({ type: 'stop_request' }));
          armStopTimer(c);
        }
      };

      const stopTimers = new WeakMap<Connection, NodeJS.Timeout>();
      const armStopTimer = (c: Connection): void => {
        const stopTimer = later(c.timers, settings.stopTimeoutMs, () =>
          finish(
            new TimeoutError(
              `No conversation_completed ${settings.stopTimeoutMs} ms after stop_request (or after the last result)`,
            ),
          ),
        );
        stopTimers.set(c, stopTimer);
      };

      const startTimers = new WeakMap<Connection, () => void>();
      const sendStart = (c: Connection): void => {
        // The start deadline runs from start_request: a source may take long to deliver its first
        // chunk (a phone call not yet answered), and the format is not known before it.
        startTimers.get(c)?.();
        const format = queue.peek()?.format ?? lastFormat ?? DEFAULT_FORMAT;
        c.declared = format;
        const {
          encoding: _flatEncoding,
          sampleRateHertz: _flatRate,
          ...config
        } = settings.startRequest.config ?? {};
        c.ws.send(
          encodeClientFrame({
            ...settings.startRequest,
            config: {
              ...config,
              speechRecognition: { ...config.speechRecognition, ...speechRecognitionFor(format) },
            },
          }),
        );
      };

      const startKeepAlive = (c: Connection): void => {
        const keepAlive = settings.keepAlive;
        if (!keepAlive) return;
        const tick = (): void => {
          if (c.ws.readyState !== WebSocket.OPEN) return;
          c.awaitingPong = true;
          c.ws.send(PING_TEXT);
          later(c.timers, keepAlive.timeoutMs, () => {
            if (!c.awaitingPong) return;
            c.failure = new TimeoutError(`No ${PONG_TEXT} within ${keepAlive.timeoutMs} ms of ${PING_TEXT}`);
            c.ws.terminate();
          });
          later(c.timers, keepAlive.intervalMs, tick);
        };
        later(c.timers, keepAlive.intervalMs, tick);
      };

      const onText = (c: Connection, text: string): void => {
        if (text.trim() === PING_TEXT) {
          c.ws.send(PONG_TEXT);
          return;
        }
        let event: ReturnType<typeof decodeServerFrame>;
        try {
          event = decodeServerFrame(text);
        } catch (error) {
          // Spec 2.1's rule for servers, applied to clients too: skip what is not understood.
          if (error instanceof ProtocolError) return;
          finish(error);
          return;
        }
        if (event.type === PONG_TEXT) {
          c.awaitingPong = false;
          return;
        }
        const stopTimer = stopTimers.get(c);
        if (stopTimer) {
          clearTimeout(stopTimer);
          c.timers.delete(stopTimer);
          armStopTimer(c);
        }
        const rejoined = c !== firstConnection;
        if (event.type === 'message') {
          const body = event.message;
          // A rejoined socket sends audio only after recognition_started, which says what the
          // server kept of the stream.
          const ready = rejoined
            ? body.type === 'recognition_started'
            : body.type === 'started_listening' || body.type === 'recognition_started';
          if (ready && !c.started) {
            if (rejoined) resumeFrom(c, body.data);
            c.started = true;
            everStarted = true;
            attempt = 0;
            clearAll(c.timers);
            startKeepAlive(c);
            queueMicrotask(pump);
          }
          if (
            body.type === 'recognition_result' &&
            body.isFinal &&
            !explicitAcks &&
            replay &&
            c.baseByte !== undefined &&
            c.declared
          ) {
            const endMs = lastWordEndMs(body.payload.raw.alternatives[0]?.words);
            const sample = c.declared.encoding === 'MULAW' ? 1 : 2;
            const bytes =
              Math.floor(((endMs ?? 0) * wireBytesPerSecond(c.declared)) / 1000 / sample) * sample;
            if (endMs !== undefined) replay.ack(c.baseByte + bytes);
          }
          // A rejoined socket repeats the start handshake; the subscriber has seen it once already.
          const handshake =
            body.type === 'started_listening' ||
            body.type === 'recognition_started' ||
            body.type === 'conversation_created';
          if (rejoined && handshake) return;
          subscriber.next(event);
          if (body.type === 'conversation_completed') finish();
          return;
        }
        const seq = (event as { seq?: unknown }).seq;
        if (typeof seq === 'number') {
          if (lastSeq !== undefined && seq <= lastSeq) return;
          lastSeq = seq;
        }
        subscriber.next(event);
      };

      /**
       * Before a rejoined socket sends audio: with Parley's resume protocol `recognition_started`
       * says whether the server kept the stream (`resumed`) and how many of its bytes it holds
       * (`audioBytes`); replay starts there. A fresh stream (`resumed: false`) gets every
       * unacknowledged byte and counts bytes from the first one sent. A server without the protocol
       * gets the audio after the last final result.
       */
      const resumeFrom = (c: Connection, data: unknown): void => {
        const info = (data ?? {}) as { resumed?: unknown; audioBytes?: unknown; resumeKey?: unknown };
        if (info.resumeKey !== undefined) explicitAcks = true;
        if (info.resumed === true && typeof info.audioBytes === 'number') {
          replay?.ack(streamBaseByte + info.audioBytes);
        } else if (info.resumed === false) {
          c.freshStream = true;
        }
        if (replay) queue.unshift(replay.takeUnacknowledged());
      };

      let firstConnection: Connection | undefined;

      const onClose = (c: Connection, code: number, reason: string): void => {
        clearAll(c.timers);
        if (finished || c !== conn) return;
        conn = undefined;
        // Audio queued for the next socket keeps its place; what was sent waits in the replay buffer.
        if (c.started && c.stopSent && code === 1000) {
          // The server ended normally after our stop without conversation_completed: nothing more will come.
          finish();
          return;
        }
        const failure = c.failure ?? new WebSocketClosedError(code, reason);
        const policy = settings.reconnect;
        if (!policy || !everStarted || !isReconnectable(c.failure, code) || attempt >= policy.maxAttempts) {
          finish(failure);
          return;
        }
        attempt += 1;
        settings.onReconnecting?.(attempt, failure);
        later(sessionTimers, backoffDelayMs(policy, attempt), () => void connect());
      };

      const connect = async (): Promise<void> => {
        let token: string;
        try {
          token = await resolveToken(options.token);
        } catch (error) {
          finish(error);
          return;
        }
        if (finished) return;
        const query: Record<string, string> = {};
        if (resumeKey !== undefined) query.resumeKey = resumeKey;
        if (resumeKey !== undefined && lastSeq !== undefined) query.lastSeq = String(lastSeq);
        const url = streamingUrl(options.baseUrl, connectionId, {
          ...(options.path === undefined ? {} : { path: options.path }),
          ...(settings.tokenTransport === 'query' ? { token } : {}),
          query,
        });
        const ws = new WebSocket(url, settings.tokenTransport === 'subprotocol' ? [token] : [], {
          headers: settings.tokenTransport === 'header' ? { 'X-API-KEY': token } : {},
          perMessageDeflate: false,
        });
        const c: Connection = {
          ws,
          started: false,
          stopSent: false,
          declared: undefined,
          baseByte: undefined,
          freshStream: false,
          failure: undefined,
          awaitingPong: false,
          timers: new Set(),
        };
        conn = c;
        firstConnection ??= c;
        const where = redact(url);
        const openTimer = later(c.timers, settings.connectTimeoutMs, () => {
          c.failure ??= new TimeoutError(`No WebSocket to ${where} within ${settings.connectTimeoutMs} ms`);
          ws.terminate();
        });
        startTimers.set(c, () => {
          later(c.timers, settings.connectTimeoutMs, () => {
            c.failure ??= new TimeoutError(
              `No started_listening from ${where} within ${settings.connectTimeoutMs} ms of start_request`,
            );
            ws.terminate();
          });
        });
        ws.on('unexpected-response', (request, response) => {
          const status = response.statusCode ?? 0;
          const body: Buffer[] = [];
          let size = 0;
          response.on('data', (part: Buffer) => {
            if (size < 2048) body.push(part);
            size += part.length;
          });
          response.on('end', () => {
            const text = Buffer.concat(body).toString('utf8').slice(0, 300).trim();
            const detail = `${where} refused the WebSocket upgrade with HTTP ${status}${text ? `: ${text}` : ''}`;
            c.failure ??=
              status === 401 || status === 403
                ? new AuthenticationError(detail, { status })
                : new ConnectionError(detail, { status, retryable: status >= 500 });
            request.destroy();
            ws.terminate();
          });
        });
        ws.on('open', () => {
          clearTimeout(openTimer);
          c.timers.delete(openTimer);
          if (audioDone || queue.length > 0 || lastFormat !== undefined) sendStart(c);
        });
        ws.on('message', (data, isBinary) => {
          if (finished || c !== conn) return;
          if (isBinary) {
            finish(
              new ProtocolError('The server sent a binary frame; the Streaming API sends text frames only'),
            );
            return;
          }
          onText(c, rawText(data));
        });
        ws.on('ping', (payload) => {
          // Parley acknowledges audio in ping payloads `{"audioBytes":N,"seq":S}`; ws answers the ping itself.
          if (!replay || c !== conn || payload.length === 0) return;
          try {
            const ack = JSON.parse(payload.toString('utf8')) as { audioBytes?: unknown };
            if (typeof ack.audioBytes === 'number' && ack.audioBytes >= 0) {
              explicitAcks = true;
              replay.ack(streamBaseByte + ack.audioBytes);
            }
          } catch {
            // An ordinary ping with some other payload.
          }
        });
        ws.on('error', (error) => {
          c.failure ??= new ConnectionError(`WebSocket to ${where} failed: ${error.message}`, {
            cause: error,
          });
        });
        ws.on('close', (code, reason) => onClose(c, code, reason.toString('utf8')));
      };

      const startIfWaiting = (): void => {
        const c = conn;
        if (c && !c.declared && c.ws.readyState === WebSocket.OPEN) sendStart(c);
      };

      audio.add(
        audio$.subscribe({
          next: (chunk) => {
            if (finished) return;
            let segment: AudioSegment;
            try {
              const format = wireFormatOf(chunk.format);
              const bytes = wireBytesOf(chunk, format);
              const ms = (bytes.length * 1000) / wireBytesPerSecond(format);
              segment = { bytes, format, startMs: timelineMs, startByte: -1, ms };
              queue.push(segment);
              timelineMs += ms;
              lastFormat = format;
            } catch (error) {
              finish(error);
              return;
            }
            startIfWaiting();
            pump();
            signalLag();
          },
          error: (error: unknown) => finish(error),
          complete: () => {
            audioDone = true;
            startIfWaiting();
            pump();
          },
        }),
      );
      if (settings.deadlineMs !== undefined) {
        const deadline = settings.deadlineMs;
        later(sessionTimers, deadline, () =>
          finish(new TimeoutError(`Streaming session did not finish within its ${deadline} ms deadline`)),
        );
      }
      if (!finished) void connect();
      return () => {
        if (finished) return;
        finished = true;
        clearAll(sessionTimers);
        audio.unsubscribe();
        if (conn) closeSocket(conn, 1000, 'client unsubscribed');
        conn = undefined;
      };
    }).pipe(dedupeResults());
}

/** Options checked once, with defaults applied. */
interface SessionSettings {
  tokenTransport: 'query' | 'header' | 'subprotocol';
  startRequest: StartRequest;
  declaredFormat: WireAudioFormat | undefined;
  maxQueuedMs: number;
  overflow: SendOverflowPolicy;
  highWaterMarkBytes: number;
  maxFrameBytes: number;
  lag: { next(lagging: boolean): void } | undefined;
  keepAlive: { intervalMs: number; timeoutMs: number } | undefined;
  connectTimeoutMs: number;
  stopTimeoutMs: number;
  deadlineMs: number | undefined;
  reconnect: ReturnType<typeof reconnectPolicy>;
  onReconnecting: StreamingSessionOptions['onReconnecting'];
}

function checkOptions(options: StreamingSessionOptions): SessionSettings {
  const issues: { path: string; message: string }[] = [];
  const positive = (path: string, value: number | undefined, fallback: number): number => {
    const v = value ?? fallback;
    if (!(v > 0) || !Number.isFinite(v))
      issues.push({ path, message: `must be a positive number, got ${v}` });
    return v;
  };
  if (typeof options.token !== 'string' && typeof options.token !== 'function') {
    issues.push({ path: 'token', message: 'expected a token string or a function returning one' });
  }
  const transport = options.tokenTransport ?? 'query';
  if (!['query', 'header', 'subprotocol'].includes(transport)) {
    issues.push({
      path: 'tokenTransport',
      message: `expected query, header or subprotocol, got ${transport}`,
    });
  }
  const buffer = options.sendBuffer ?? {};
  const overflow = buffer.overflow ?? 'error';
  if (overflow !== 'error' && overflow !== 'drop-oldest') {
    issues.push({
      path: 'sendBuffer.overflow',
      message: `expected error or drop-oldest, got ${String(overflow)}`,
    });
  }
  const keepAlive =
    options.keepAlive === false
      ? undefined
      : {
          intervalMs: positive('keepAlive.intervalMs', options.keepAlive?.intervalMs, 30_500),
          timeoutMs: positive('keepAlive.timeoutMs', options.keepAlive?.timeoutMs, 30_000),
        };
  const settings: SessionSettings = {
    tokenTransport: transport,
    startRequest: { type: 'start_request' },
    declaredFormat: undefined,
    maxQueuedMs: positive('sendBuffer.maxQueuedMs', buffer.maxQueuedMs, 60_000),
    overflow,
    highWaterMarkBytes: positive('sendBuffer.highWaterMarkBytes', buffer.highWaterMarkBytes, 64 * 1024),
    maxFrameBytes: Math.floor(positive('sendBuffer.maxFrameBytes', buffer.maxFrameBytes, 8192)),
    lag: buffer.lag,
    keepAlive,
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, 15_000),
    stopTimeoutMs: positive('stopTimeoutMs', options.stopTimeoutMs, 60_000),
    deadlineMs: options.deadlineMs === undefined ? undefined : positive('deadlineMs', options.deadlineMs, 0),
    reconnect: reconnectPolicy(options.reconnect),
    onReconnecting: options.onReconnecting,
  };
  if (issues.length > 0) throw new ValidationError('streaming options', issues);
  // Validates the URL and connection id now rather than at subscription.
  streamingUrl(options.baseUrl, options.connectionId ?? 'x', options.path ? { path: options.path } : {});
  const noConnectionTimeout = options.noConnectionTimeout ?? (settings.reconnect ? 60 : undefined);
  const request = {
    type: 'start_request' as const,
    ...(options.insightTypes === undefined ? {} : { insightTypes: options.insightTypes }),
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.speaker === undefined ? {} : { speaker: options.speaker }),
    ...(options.trackers === undefined ? {} : { trackers: options.trackers }),
    ...(options.customVocabulary === undefined ? {} : { customVocabulary: options.customVocabulary }),
    ...(noConnectionTimeout === undefined ? {} : { noConnectionTimeout }),
  };
  // Round-trips through the wire schema so that a bad option fails here, naming its path.
  settings.startRequest = JSON.parse(encodeClientFrame(request)) as StartRequest;
  const declared = options.config?.speechRecognition ?? {};
  const rate = declared.sampleRateHertz ?? options.config?.sampleRateHertz;
  const encoding = declared.encoding ?? options.config?.encoding;
  if (rate !== undefined || encoding !== undefined) {
    if (encoding !== undefined && encoding !== 'LINEAR16' && encoding !== 'MULAW') {
      throw new ValidationError('streaming options', [
        {
          path: 'config.speechRecognition.encoding',
          message: `streamingSession sends LINEAR16 or MULAW audio chunks, got ${encoding}`,
        },
      ]);
    }
    settings.declaredFormat = {
      encoding: encoding ?? 'LINEAR16',
      sampleRateHertz: rate ?? (encoding === 'MULAW' ? 8000 : 16000),
    };
  }
  return settings;
}

/** `config.speechRecognition` for a wire format, keeping nothing of the flat form. */
function speechRecognitionFor(format: WireAudioFormat): { encoding: string; sampleRateHertz: number } {
  return { encoding: format.encoding, sampleRateHertz: format.sampleRateHertz };
}

/** End of the last word of a final hypothesis, in ms from the socket's first audio byte. */
function lastWordEndMs(
  words: readonly { endTime: { seconds: string; nanos: string } }[] | undefined,
): number | undefined {
  const last = words?.at(-1);
  return last === undefined ? undefined : fromWireTime(last.endTime) * 1000;
}

/** The text of a ws message (Buffer, fragments or ArrayBuffer). */
function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** A URL fit for an error message: the token query parameter hidden. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.searchParams.has('access_token')) u.searchParams.set('access_token', '***');
  return u.toString();
}
