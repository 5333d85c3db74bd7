import type { IncomingMessage } from 'node:http';
import { asyncScheduler, type SchedulerLike, Subject, type Subscription } from 'rxjs';
import WebSocket from 'ws';
import { ConnectionError } from '../errors/ConnectionError.ts';
import type { ParleyError } from '../errors/ParleyError.ts';
import { ProtocolError } from '../errors/ProtocolError.ts';
import { WebSocketClosedError } from '../errors/WebSocketClosedError.ts';
import { decodeServerFrame, encodeClientFrame } from '../model/streaming.ts';
import { PING_TEXT, PONG_TEXT, type StartRequest } from '../model/streamingClientMessages.ts';
import type { AudioSegment } from './AudioSegment.ts';
import {
  type ClockCommand,
  type ConnectionClockSettings,
  type ConnectionSignal,
  connectionClock,
  timeoutError,
} from './connectionClock.ts';
import { refusedUpgradeError } from './refusedUpgradeError.ts';
import type { StreamingEvent } from './StreamingEvent.ts';
import { startRequestFor } from './StreamingSessionOptions.ts';
import { redactedUrl, type StreamingPath, streamingUrl } from './streamingUrl.ts';
import { sameWireFormat, type WireAudioFormat } from './wireAudio.ts';
import { wsText } from './wsData.ts';

/** What a connection reports to its session; nothing else of the session is visible to it. */
export interface ConnectionListener {
  /** The socket is open: `start_request` may go out once the format is known. */
  opened(connection: StreamingConnection): void;
  /** The server started the stream; `data` is the starting system message's `data`. */
  started(connection: StreamingConnection, data: unknown): void;
  /** A server frame for the subscriber (keep-alive and a rejoin's repeated handshake excluded). */
  frame(connection: StreamingConnection, event: StreamingEvent): void;
  /** Parley's acknowledgement in a ping payload: the server holds `audioBytes` of the stream. */
  acknowledged(connection: StreamingConnection, audioBytes: number): void;
  /** The socket took the last frame of a segment: more audio may go. */
  writable(connection: StreamingConnection): void;
  /** The socket closed: `failure` undefined when the session ended normally on it. */
  closed(connection: StreamingConnection, failure: ParleyError | undefined): void;
  /** The session cannot go on (a protocol violation, or silence after `stop_request`). */
  failed(connection: StreamingConnection, error: unknown): void;
}

/** Where and how one connection opens, and its bounds. */
export interface ConnectionOptions extends ConnectionClockSettings {
  baseUrl: string;
  connectionId: string;
  path?: StreamingPath | undefined;
  token: string;
  tokenTransport: 'query' | 'header' | 'subprotocol';
  /** Further query parameters (Parley's `resumeKey`, `lastSeq`). */
  query: Record<string, string>;
  /** The session started on an earlier socket: this one rejoins. */
  rejoined: boolean;
  /** The `start_request` without its audio format. */
  startRequest: StartRequest;
  maxFrameBytes: number;
  highWaterMarkBytes: number;
}

/** Start messages a rejoined socket repeats; the subscriber has seen them once already. */
const HANDSHAKE = new Set(['started_listening', 'recognition_started', 'conversation_created']);

/**
 * One WebSocket of a streaming session: opens it with the token, turns a refused upgrade or a
 * network failure into a typed failure, keeps the handshake state (format declared, started,
 * stop sent), cuts audio into frames, answers the server's keep-alive, and runs every timer through
 * {@link connectionClock}. Reports to its {@link ConnectionListener}; after {@link close}, or once
 * the socket has closed, it reports nothing more.
 */
export class StreamingConnection {
  /** The session started on an earlier socket: this one rejoins. */
  readonly rejoined: boolean;
  readonly #options: ConnectionOptions;
  readonly #listener: ConnectionListener;
  readonly #ws: WebSocket;
  readonly #where: string;
  readonly #signals = new Subject<ConnectionSignal>();
  readonly #clock: Subscription;
  #declared: WireAudioFormat | undefined;
  #started = false;
  #stopSent = false;
  /** Why the socket is going away, when known before it closes. */
  #failure: ParleyError | undefined;
  /** Closed, by us or by the peer: nothing more is reported. */
  #done = false;

  constructor(
    options: ConnectionOptions,
    listener: ConnectionListener,
    scheduler: SchedulerLike = asyncScheduler,
  ) {
    this.#options = options;
    this.#listener = listener;
    this.rejoined = options.rejoined;
    const { token, tokenTransport } = options;
    const url = streamingUrl(options.baseUrl, options.connectionId, {
      path: options.path,
      token: tokenTransport === 'query' ? token : undefined,
      query: options.query,
    });
    this.#where = redactedUrl(url);
    this.#ws = new WebSocket(url, tokenTransport === 'subprotocol' ? [token] : [], {
      headers: tokenTransport === 'header' ? { 'X-API-KEY': token } : {},
      perMessageDeflate: false,
    });
    this.#clock = connectionClock(this.#signals, options, scheduler).subscribe((command) =>
      this.#onClock(command),
    );
    this.#ws.on('unexpected-response', (request, response) => this.#onRefused(request, response));
    this.#ws.on('open', () => this.#onOpen());
    this.#ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    this.#ws.on('ping', (payload) => this.#onPing(payload));
    this.#ws.on('error', (error) => this.#onError(error));
    this.#ws.on('close', (code, reason) => this.#onClose(code, reason.toString('utf8')));
  }

  /** The format the server was last told (`start_request` or `modify_request`). */
  get declared(): WireAudioFormat | undefined {
    return this.#declared;
  }

  get stopSent(): boolean {
    return this.#stopSent;
  }

  /** Open, and no format declared yet: waiting for the audio to say what `start_request` declares. */
  get awaitingStart(): boolean {
    return !this.#declared && this.#ws.readyState === WebSocket.OPEN;
  }

  /** Started and open: audio may be sent. */
  get live(): boolean {
    return this.#started && this.#ws.readyState === WebSocket.OPEN;
  }

  /** The socket's own buffer is below the high-water mark. */
  get hasRoom(): boolean {
    return this.#ws.bufferedAmount < this.#options.highWaterMarkBytes;
  }

  /** Sends `start_request` declaring `format`; the start bound runs from here. */
  sendStart(format: WireAudioFormat): void {
    this.#signals.next('startSent');
    this.#declared = format;
    this.#ws.send(encodeClientFrame(startRequestFor(this.#options.startRequest, format)));
  }

  /** Sends a segment in frames (announcing a new format with `modify_request` first). */
  sendSegment(segment: AudioSegment): void {
    if (!this.#declared || !sameWireFormat(this.#declared, segment.format)) {
      this.#ws.send(encodeClientFrame({ type: 'modify_request', speechRecognition: segment.format }));
      this.#declared = segment.format;
    }
    const { bytes } = segment;
    const size = this.#options.maxFrameBytes;
    for (let at = 0; at < bytes.length; at += size) {
      const frame = bytes.subarray(at, at + size);
      // The write callback of the last frame tells the session the socket has taken it.
      if (at + size >= bytes.length) {
        this.#ws.send(frame, (error) => (error || this.#done ? undefined : this.#listener.writable(this)));
      } else {
        this.#ws.send(frame);
      }
    }
  }

  /** Sends `stop_request`; from here each server frame restarts the idle bound. */
  sendStop(): void {
    this.#stopSent = true;
    this.#ws.send(encodeClientFrame({ type: 'stop_request' }));
    this.#signals.next('stopSent');
  }

  /** Closes the socket (or abandons its opening) and stops reporting. */
  close(code: number, reason: string): void {
    if (this.#done) return;
    this.#done = true;
    this.#clock.unsubscribe();
    this.#ws.removeAllListeners('message');
    if (this.#ws.readyState === WebSocket.OPEN) {
      this.#ws.close(code, reason);
      // A peer that never answers the close frame must not hold the process for ws's 30 s. A plain
      // unref'd timer: it is about the process's sockets, not the session's timing.
      setTimeout(() => this.#ws.terminate(), 2000).unref();
    } else if (this.#ws.readyState === WebSocket.CONNECTING) {
      this.#ws.terminate();
    }
  }

  #onClock(command: ClockCommand): void {
    if (command.type === 'ping') {
      if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(PING_TEXT);
      return;
    }
    const error = timeoutError(command, this.#where);
    // Silence after stop_request ends the session; the other bounds drop this socket.
    if (command.deadline === 'stop') {
      this.#listener.failed(this, error);
    } else {
      // A lost pong is the cause even when the socket has failed otherwise since.
      this.#failure = command.deadline === 'pong' ? error : (this.#failure ?? error);
      this.#ws.terminate();
    }
  }

  #onRefused(request: { destroy(): void }, response: IncomingMessage): void {
    void refusedUpgradeError(response, this.#where).then((failure) => {
      this.#failure ??= failure;
      request.destroy();
      this.#ws.terminate();
    });
  }

  #onOpen(): void {
    this.#signals.next('opened');
    if (!this.#done) this.#listener.opened(this);
  }

  #onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.#done) return;
    if (isBinary) {
      this.#listener.failed(
        this,
        new ProtocolError('The server sent a binary frame; the Streaming API sends text frames only'),
      );
      return;
    }
    const text = wsText(data);
    if (text.trim() === PING_TEXT) {
      this.#ws.send(PONG_TEXT);
      return;
    }
    let event: ReturnType<typeof decodeServerFrame>;
    try {
      event = decodeServerFrame(text);
    } catch (error) {
      // What a client does not understand (an unknown frame type) is skipped, as servers skip it.
      if (error instanceof ProtocolError) return;
      this.#listener.failed(this, error);
      return;
    }
    if (event.type === PONG_TEXT) {
      this.#signals.next('pong');
      return;
    }
    this.#signals.next('frame');
    if (event.type === 'message') {
      const body = event.message;
      // A rejoined socket sends audio only after recognition_started, which says what the server
      // kept of the stream.
      const starts = this.rejoined
        ? body.type === 'recognition_started'
        : body.type === 'started_listening' || body.type === 'recognition_started';
      if (starts && !this.#started) {
        this.#started = true;
        this.#signals.next('started');
        this.#listener.started(this, 'data' in body ? body.data : undefined);
      }
      if (this.rejoined && HANDSHAKE.has(body.type)) return;
    }
    if (!this.#done) this.#listener.frame(this, event);
  }

  #onPing(payload: Buffer): void {
    // Parley acknowledges audio in ping payloads `{"audioBytes":N,"seq":S}`; ws answers the ping itself.
    if (this.#done || payload.length === 0) return;
    let ack: { audioBytes?: unknown };
    try {
      ack = JSON.parse(payload.toString('utf8')) as { audioBytes?: unknown };
    } catch {
      return; // An ordinary ping with some other payload.
    }
    if (typeof ack.audioBytes === 'number' && ack.audioBytes >= 0) {
      this.#listener.acknowledged(this, ack.audioBytes);
    }
  }

  #onError(error: Error): void {
    this.#failure ??= new ConnectionError(`WebSocket to ${this.#where} failed: ${error.message}`, {
      cause: error,
    });
  }

  #onClose(code: number, reason: string): void {
    this.#clock.unsubscribe();
    if (this.#done) return;
    this.#done = true;
    // After our stop, a normal close without conversation_completed still ends the session: nothing
    // more will come.
    const ended = this.#started && this.#stopSent && code === 1000;
    this.#listener.closed(
      this,
      ended ? undefined : (this.#failure ?? new WebSocketClosedError(code, reason)),
    );
  }
}
