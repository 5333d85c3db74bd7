import type { Subscription } from 'rxjs';
import type { RawData, WebSocket } from 'ws';
import type { TrackerDefinition } from '../../engine/nlp/TrackerMatcher.ts';
import { ParleyError } from '../../errors/ParleyError.ts';
import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { decodeClientFrame, encodeServerFrame, type ServerMessage } from '../../model/streaming.ts';
import {
  type ModifyRequest,
  PING_TEXT,
  PONG_TEXT,
  type StartRequest,
  StreamingCloseCode,
} from '../../model/streamingClientMessages.ts';
import {
  applyModifyRequest,
  resolveStartRequest,
  type StreamingSettings,
} from '../../model/streamingSettings.ts';
import {
  conversationCompleted,
  conversationCreated,
  recognitionStopped,
  sessionModified,
  startedListening,
  streamingError,
  systemMessage,
} from '../../model/streamingSystemMessages.ts';
import type { Logger } from '../Logger.ts';
import { type LiveConnection, MIN_RESUME_SECONDS, type ResumableStream } from './LiveConnection.ts';
import type { LiveConversationRegistry } from './LiveConversationRegistry.ts';
import { type LiveFrame, LiveSession, liveSessionOptions } from './LiveSession.ts';
import { StreamAudioDecoder } from './StreamAudioDecoder.ts';

/** How a socket asked to resume (README.md, "Resuming"); absent for ordinary sockets. */
export interface ResumeRequest {
  key: string;
  /** Last result `seq` the client received (0: none). */
  lastSeq: number;
}

/** Send buffer beyond which a client that does not read is disconnected (policy: close, 1008). */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Acknowledgement pings to resumable sockets are sent at most this often. */
const ACK_INTERVAL_MS = 250;
/** Close code for a socket whose resumable stream another socket took over. */
const TAKEN_OVER = 4001;

type SocketState = 'idle' | 'starting' | 'listening' | 'paused' | 'stopping' | 'closed';

/**
 * One streaming WebSocket (`/v1/streaming/{id}` or `/v1/realtime/insights/{id}`): reads the
 * client's frames in order, drives a {@link LiveSession}, and writes the session's frames back.
 * Every frame is handled in arrival order (audio that arrives while the session starts waits
 * for it). A frame that cannot be understood gets a nested `error` message and nothing else.
 */
export class StreamSocket {
  readonly #ws: WebSocket;
  readonly #connection: LiveConnection;
  readonly #live: LiveConversationRegistry;
  readonly #logger: Logger;
  readonly #resume: ResumeRequest | undefined;
  #state: SocketState = 'idle';
  #chain: Promise<void> = Promise.resolve();
  #session: LiveSession | undefined;
  #stream: ResumableStream | undefined;
  #settings: StreamingSettings | undefined;
  #framesSub: Subscription | undefined;
  #pauseTimer: NodeJS.Timeout | undefined;
  #ackTimer: NodeJS.Timeout | undefined;
  #lastAck = 0;
  #readingPaused = false;

  constructor(
    ws: WebSocket,
    connection: LiveConnection,
    live: LiveConversationRegistry,
    logger: Logger,
    resume?: ResumeRequest,
  ) {
    this.#ws = ws;
    this.#connection = connection;
    this.#live = live;
    this.#logger = logger;
    this.#resume = resume;
    connection.sockets.add(this);
    ws.on('message', (data, isBinary) => this.#receive(data, isBinary));
    ws.on('close', () => this.#closed());
    ws.on('error', (error) => this.#logger.log('warn', 'live.socket_error', { error }));
  }

  #receive(data: RawData, isBinary: boolean): void {
    if (!isBinary) {
      const text = rawText(data);
      // Keep-alive answers at once, never queued behind audio (JS closes after 30 s without it).
      if (text.trim() === PING_TEXT) {
        this.#sendText(PONG_TEXT);
        return;
      }
      this.#enqueue(() => this.#onText(text));
      return;
    }
    const bytes = rawBytes(data);
    this.#enqueue(() => this.#onAudio(bytes));
  }

  #enqueue(task: () => Promise<void> | void): void {
    this.#chain = this.#chain.then(task).catch((error: unknown) => this.#unexpected(error));
  }

  async #onText(text: string): Promise<void> {
    let message: ReturnType<typeof decodeClientFrame>;
    try {
      message = decodeClientFrame(text);
    } catch (error) {
      // A start_request that cannot be used is fatal (spec 3.3, 7.11); other bad frames are not.
      const fatal = error instanceof ValidationError && error.message.startsWith('Invalid start_request');
      this.#sendError(error);
      if (fatal) this.#close(StreamingCloseCode.policyViolation, 'bad start_request');
      return;
    }
    switch (message.type) {
      case 'start_request':
        return this.#start(message);
      case 'stop_request':
        return this.#stop();
      case 'modify_request':
        return this.#modify(message);
      default:
        this.#sendText(PONG_TEXT);
    }
  }

  async #start(request: StartRequest): Promise<void> {
    if (this.#state === 'paused') return this.#resumeListening();
    if (this.#state !== 'idle') {
      this.#send(streamingError('Already started', 'send stop_request before another start_request'));
      return;
    }
    const resumable = this.#resume === undefined ? undefined : this.#connection.streams.get(this.#resume.key);
    if (resumable !== undefined) return this.#attach(resumable);

    let settings: StreamingSettings;
    try {
      settings = resolveStartRequest(request);
      new StreamAudioDecoder(settings.audio);
    } catch (error) {
      this.#sendError(error);
      this.#close(StreamingCloseCode.policyViolation, 'unsupported start_request');
      return;
    }
    this.#state = 'starting';
    this.#settings = settings;
    this.#send(startedListening());
    let session: LiveSession;
    try {
      const options = liveSessionOptions(settings, {
        conversationId: this.#connection.conversationId,
        appId: this.#connection.appId,
        defaultName: this.#connection.connectionId,
      });
      session = await LiveSession.open(
        { ...options, trackers: [...(options.trackers ?? []), ...(await this.#managedTrackers(settings))] },
        this.#live,
      );
    } catch (error) {
      this.#sendError(error);
      const policy = error instanceof ValidationError || error instanceof UnsupportedMediaError;
      this.#close(
        policy ? StreamingCloseCode.policyViolation : StreamingCloseCode.serverError,
        'could not start',
      );
      return;
    }
    // A close meanwhile is handled after this task (teardown is queued behind it), with the session.
    this.#connection.adopt(session.conversation);
    this.#session = session;
    if (this.#resume !== undefined) {
      this.#stream = {
        key: this.#resume.key,
        session,
        settings,
        audioBytes: 0,
        owner: this,
        expiry: undefined,
      };
      this.#connection.streams.set(this.#resume.key, this.#stream);
    }
    if (session.created) this.#send(conversationCreated(session.conversationId));
    this.#send(this.#recognitionStarted(false, true));
    this.#subscribe(session);
    this.#state = 'listening';
  }

  /**
   * Trackers stored with the management API that the start_request asks for: by `{id}` reference,
   * or all of the app's with `enableAllTrackers`. An unknown id is an error message, not fatal.
   */
  async #managedTrackers(settings: StreamingSettings): Promise<TrackerDefinition[]> {
    const { store } = this.#live;
    const appId = this.#connection.appId;
    const found: TrackerDefinition[] = [];
    if (settings.trackers.enableAllTrackers) {
      found.push(...(await store.listTrackers(appId)));
    }
    for (const reference of settings.trackers.references) {
      if (found.some((t) => t.id === reference.id)) continue;
      const tracker = await store.getTracker(appId, reference.id);
      if (tracker === undefined) this.#send(streamingError(`No tracker with id ${reference.id}`));
      else found.push(tracker);
    }
    const inline = new Set(settings.trackers.inline.map((t) => t.name.toLowerCase()));
    return found
      .filter((t) => !inline.has(t.name.toLowerCase()))
      .map((t) => ({ id: t.id, name: t.name, vocabulary: t.vocabulary }));
  }

  /** Takes over a resumable stream after a reconnect: replay what the client missed, go on live. */
  async #attach(stream: ResumableStream): Promise<void> {
    const previous = stream.owner;
    stream.owner = this;
    previous?.takeOver();
    if (stream.expiry !== undefined) clearTimeout(stream.expiry);
    stream.expiry = undefined;
    this.#stream = stream;
    this.#session = stream.session;
    this.#settings = stream.settings;
    this.#connection.adopt(stream.session.conversation);
    this.#send(startedListening());
    const lastSeq = this.#resume?.lastSeq ?? 0;
    const replay = stream.session.conversation.replayAfter(lastSeq);
    this.#send(this.#recognitionStarted(true, replay.complete));
    // Replay and subscription happen in one tick, so no result falls between them.
    for (const { seq, frame } of replay.results) {
      const narrowed = stream.session.narrow(frame);
      if (narrowed !== undefined) this.#send(narrowed, seq);
    }
    this.#subscribe(stream.session);
    // The start_request that brought this socket also resumes a stream paused before the drop;
    // audio behind it in the queue waits until it listens.
    if (stream.session.state === 'paused') await stream.session.resume();
    this.#state = 'listening';
  }

  /** Called by the socket that took this one's resumable stream. */
  takeOver(): void {
    this.#stream = undefined;
    this.#session = undefined;
    this.#framesSub?.unsubscribe();
    this.#close(TAKEN_OVER, 'stream resumed on another socket');
  }

  #recognitionStarted(resumed: boolean, replayComplete: boolean): ServerMessage {
    const conversationId = this.#session?.conversationId ?? this.#connection.conversationId;
    const stream = this.#stream;
    if (stream === undefined) {
      return systemMessage({ type: 'recognition_started', data: { conversationId } }) as ServerMessage;
    }
    return systemMessage({
      type: 'recognition_started',
      data: {
        conversationId,
        resumeKey: stream.key,
        resumed,
        audioBytes: stream.audioBytes,
        lastSeq: stream.session.conversation.lastSeq,
        ...(replayComplete ? {} : { replayComplete: false }),
      },
    }) as ServerMessage;
  }

  #subscribe(session: LiveSession): void {
    this.#framesSub?.unsubscribe();
    this.#framesSub = session.frames$.subscribe({
      next: (frame) => this.#onFrame(frame),
      error: (error: unknown) => {
        this.#sendError(error);
        this.#close(StreamingCloseCode.serverError, 'live session failed');
      },
    });
  }

  #onFrame({ frame, seq }: LiveFrame): void {
    this.#send(frame, this.#stream === undefined ? undefined : seq);
    if (frame.type === 'message') this.#connection.broadcast(frame);
    if (this.#stream !== undefined) this.#scheduleAck();
  }

  async #resumeListening(): Promise<void> {
    const session = this.#session;
    if (session === undefined) return;
    if (this.#pauseTimer !== undefined) clearTimeout(this.#pauseTimer);
    this.#pauseTimer = undefined;
    this.#send(startedListening());
    await session.resume();
    this.#state = 'listening';
    this.#send(this.#recognitionStarted(false, true));
  }

  async #onAudio(bytes: Uint8Array): Promise<void> {
    // Spec 4: audio before start_request is discarded.
    if (this.#stream !== undefined) this.#stream.audioBytes += bytes.length;
    if (this.#state === 'listening' && this.#session !== undefined) {
      const roomLeft = this.#session.pushEncoded(bytes);
      if (!roomLeft && !this.#readingPaused) {
        // Backpressure: stop reading the socket until the recogniser catches up.
        this.#readingPaused = true;
        this.#ws.pause();
        void this.#session.drained().then(() => {
          this.#readingPaused = false;
          this.#ws.resume();
        });
      }
    }
    if (this.#stream !== undefined) this.#scheduleAck();
  }

  async #stop(): Promise<void> {
    const session = this.#session;
    if (session === undefined || (this.#state !== 'listening' && this.#state !== 'paused')) {
      this.#send(streamingError('Not started', 'send start_request first'));
      return;
    }
    const settings = this.#settings;
    const pauseOnly = settings?.disconnectOnStopRequest === false;
    if (pauseOnly && this.#state === 'paused') return;
    if (pauseOnly && (settings?.disconnectOnStopRequestTimeout ?? 0) > 0) {
      this.#state = 'paused';
      await session.pause();
      this.#send(recognitionStopped());
      this.#pauseTimer = setTimeout(
        () => this.#enqueue(() => this.#finish(1000, 'paused too long')),
        (settings?.disconnectOnStopRequestTimeout ?? 0) * 1000,
      );
      this.#pauseTimer.unref();
      return;
    }
    await this.#finish(StreamingCloseCode.normal, 'stopped');
  }

  /** Flush, `recognition_stopped`, `conversation_completed` (one burst), close. */
  async #finish(code: number, reason: string): Promise<void> {
    const session = this.#session;
    if (session === undefined || this.#state === 'stopping' || this.#state === 'closed') return;
    const wasPaused = this.#state === 'paused';
    this.#state = 'stopping';
    if (this.#pauseTimer !== undefined) clearTimeout(this.#pauseTimer);
    if (this.#stream !== undefined) this.#connection.streams.delete(this.#stream.key);
    await session.stop();
    if (!wasPaused) this.#send(recognitionStopped());
    this.#send(conversationCompleted(session.conversationId));
    this.#sendAck();
    this.#close(code, reason);
  }

  #modify(request: ModifyRequest): void {
    const session = this.#session;
    if (session === undefined) {
      this.#send(streamingError('Not started', 'send start_request before modify_request'));
      return;
    }
    try {
      const format = applyModifyRequest(session.format, request);
      session.modify(format);
      this.#send(sessionModified(session.conversationId, format) as ServerMessage);
    } catch (error) {
      this.#sendError(error);
    }
  }

  /**
   * The socket closed (by either side). Frames it delivered before closing are still handled
   * (audio the server received is never dropped), then the stream is kept or finished.
   */
  #closed(): void {
    this.#enqueue(() => this.#teardown());
  }

  /** Without a stop, a resumable stream is kept for its client; any other is finished. */
  #teardown(): void {
    const state = this.#state;
    this.#state = 'closed';
    this.#framesSub?.unsubscribe();
    if (this.#pauseTimer !== undefined) clearTimeout(this.#pauseTimer);
    if (this.#ackTimer !== undefined) clearTimeout(this.#ackTimer);
    this.#connection.sockets.delete(this);
    const session = this.#session;
    if (session !== undefined && (state === 'listening' || state === 'paused' || state === 'starting')) {
      const stream = this.#stream;
      const noConnectionTimeout = this.#settings?.noConnectionTimeout ?? 0;
      if (stream !== undefined && stream.owner === this) {
        stream.owner = undefined;
        stream.expiry = setTimeout(() => {
          if (this.#connection.streams.get(stream.key) !== stream || stream.owner !== undefined) return;
          this.#connection.streams.delete(stream.key);
          void stream.session.stop().then(() => this.#connection.forgetIfIdle());
        }, Math.max(noConnectionTimeout, MIN_RESUME_SECONDS) * 1000);
        stream.expiry.unref();
      } else if (stream === undefined) {
        if (this.#connection.sockets.size === 0) this.#connection.keepOpen(noConnectionTimeout);
        void session.stop().then(() => this.#connection.forgetIfIdle());
        return;
      }
    }
    this.#connection.forgetIfIdle();
  }

  /** Server shutdown: finish like a stop, then close with 1001 (going away). */
  shutdown(): Promise<void> {
    const done = new Promise<void>((resolve) => {
      this.#enqueue(async () => {
        if (this.#session !== undefined && (this.#state === 'listening' || this.#state === 'paused')) {
          await this.#finish(1001, 'server shutting down');
        } else {
          this.#close(1001, 'server shutting down');
        }
        resolve();
      });
    });
    return done;
  }

  #scheduleAck(): void {
    if (this.#ackTimer !== undefined) return;
    const wait = Math.max(0, this.#lastAck + ACK_INTERVAL_MS - Date.now());
    this.#ackTimer = setTimeout(() => {
      this.#ackTimer = undefined;
      this.#sendAck();
    }, wait);
    this.#ackTimer.unref();
  }

  /** `{"audioBytes":N,"seq":S}` in a ping control frame (README.md, "Resuming"). */
  #sendAck(): void {
    const stream = this.#stream;
    if (stream === undefined || this.#ws.readyState !== this.#ws.OPEN) return;
    this.#lastAck = Date.now();
    const payload = JSON.stringify({
      audioBytes: stream.audioBytes,
      seq: stream.session.conversation.lastSeq,
    });
    this.#ws.ping(payload);
  }

  #sendError(error: unknown): void {
    if (!(error instanceof ParleyError)) this.#logger.log('error', 'live.unexpected_error', { error });
    const message = error instanceof ParleyError ? error.message : 'Internal error';
    const details =
      error instanceof ValidationError
        ? error.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')
        : undefined;
    this.#send(streamingError(message, details));
  }

  #send(frame: ServerMessage, seq?: number): void {
    let text: string;
    try {
      text = encodeServerFrame(seq === undefined ? frame : ({ ...frame, seq } as ServerMessage));
    } catch (error) {
      this.#logger.log('error', 'live.frame_invalid', { error, type: frame.type });
      return;
    }
    this.#sendText(text);
  }

  #sendText(text: string): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    if (this.#ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#close(StreamingCloseCode.policyViolation, 'client does not read its frames');
      return;
    }
    this.#ws.send(text);
  }

  #close(code: number, reason: string): void {
    if (this.#ws.readyState === this.#ws.OPEN || this.#ws.readyState === this.#ws.CONNECTING) {
      this.#ws.close(code, reason);
    }
  }

  #unexpected(error: unknown): void {
    this.#logger.log('error', 'live.unexpected_error', { error });
    this.#sendError(error);
  }
}

function rawText(data: RawData): string {
  return rawBytesAsBuffer(data).toString('utf8');
}

function rawBytes(data: RawData): Uint8Array {
  return rawBytesAsBuffer(data);
}

function rawBytesAsBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
