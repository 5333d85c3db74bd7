import type { RawData, WebSocket } from 'ws';
import { ValidationError } from '../../errors/ValidationError.ts';
import { decodeClientFrame } from '../../model/streaming.ts';
import {
  type ModifyRequest,
  PING_TEXT,
  PONG_TEXT,
  type StartRequest,
  StreamingCloseCode,
} from '../../model/streamingClientMessages.ts';
import { wsBytes, wsText } from '../../streaming/wsData.ts';
import type { Logger } from '../Logger.ts';
import type { SocketWriter } from './SocketWriter.ts';

/** What a streaming socket does with each client frame; each runs after the previous one finished. */
export interface ClientFrameHandlers {
  start(request: StartRequest): Promise<void> | void;
  stop(): Promise<void> | void;
  modify(request: ModifyRequest): Promise<void> | void;
  audio(bytes: Uint8Array): Promise<void> | void;
  /** The socket closed: runs after every frame it delivered was handled. */
  closed(): Promise<void> | void;
}

/** Audio bytes queued unhandled past which the socket is no longer read (until half are handled). */
const MAX_QUEUED_AUDIO_BYTES = 1024 * 1024;

/**
 * Reads one streaming socket's frames in arrival order: a keep-alive `__PING__` is answered at
 * once (never queued behind audio: Symbl's JavaScript SDK closes after 30 s without its
 * `__PONG__`), everything else is queued and handled one at a time. A text frame that cannot be
 * understood gets a nested `error` message; a `start_request` that cannot be used also closes
 * the socket (1008). An unexpected failure of a handler is logged and reported as an error
 * message; the queue goes on.
 *
 * The queue is bounded: past 1 MiB of unhandled audio (a client sending faster than its audio is
 * recognised) the socket is not read until the queue is half empty, so TCP pushes back on the
 * client. Its owner may also {@link hold} reading for reasons of its own. Frames read off the
 * socket were accepted: once the socket has closed, {@link closed} resolves at once and the frames
 * still queued are handled all the same (the owner decides what becomes of their audio), then
 * `handlers.closed`.
 */
export class ClientFrameReader {
  readonly #ws: WebSocket;
  readonly #writer: SocketWriter;
  readonly #logger: Logger;
  readonly #handlers: ClientFrameHandlers;
  readonly #holds = new Set<string>();
  readonly #closed: Promise<void>;
  #chain: Promise<void> = Promise.resolve();
  #queuedAudioBytes = 0;

  constructor(ws: WebSocket, writer: SocketWriter, logger: Logger, handlers: ClientFrameHandlers) {
    this.#ws = ws;
    this.#writer = writer;
    this.#logger = logger;
    this.#handlers = handlers;
    ws.on('message', (data, isBinary) => this.#receive(data, isBinary));
    this.#closed = new Promise((resolve) => {
      ws.on('close', () => {
        resolve();
        this.enqueue(() => handlers.closed());
      });
    });
  }

  /** Resolves when the socket has closed (frames queued before are still handled after it). */
  get closed(): Promise<void> {
    return this.#closed;
  }

  /** Stops reading the socket for `reason` until {@link release} of the same reason. */
  hold(reason: string): void {
    this.#holds.add(reason);
    this.#ws.pause();
  }

  /** Reads the socket again once no reason holds it. */
  release(reason: string): void {
    if (!this.#holds.delete(reason) || this.#holds.size > 0) return;
    this.#ws.resume();
  }

  /** Runs `task` after every frame received so far (timers and shutdown queue behind them too). */
  enqueue(task: () => Promise<void> | void): void {
    this.#chain = this.#chain.then(task).catch((error: unknown) => {
      this.#logger.log('error', 'live.unexpected_error', { error });
      this.#writer.sendError(error);
    });
  }

  #receive(data: RawData, isBinary: boolean): void {
    if (isBinary) {
      const bytes = wsBytes(data);
      this.#queuedAudioBytes += bytes.length;
      if (this.#queuedAudioBytes > MAX_QUEUED_AUDIO_BYTES) this.hold('queue');
      this.enqueue(() => {
        this.#queuedAudioBytes -= bytes.length;
        if (this.#queuedAudioBytes <= MAX_QUEUED_AUDIO_BYTES / 2) this.release('queue');
        return this.#handlers.audio(bytes);
      });
      return;
    }
    const text = wsText(data);
    if (text.trim() === PING_TEXT) this.#writer.sendText(PONG_TEXT);
    else this.enqueue(() => this.#onText(text));
  }

  async #onText(text: string): Promise<void> {
    let message: ReturnType<typeof decodeClientFrame>;
    try {
      message = decodeClientFrame(text);
    } catch (error) {
      this.#writer.sendError(error);
      if (error instanceof ValidationError && error.subject === 'start_request')
        this.#writer.close(StreamingCloseCode.policyViolation, 'bad start_request');
      return;
    }
    switch (message.type) {
      case 'start_request':
        return this.#handlers.start(message);
      case 'stop_request':
        return this.#handlers.stop();
      case 'modify_request':
        return this.#handlers.modify(message);
      default:
        this.#writer.sendText(PONG_TEXT);
    }
  }
}
