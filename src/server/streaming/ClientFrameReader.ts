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

/**
 * Reads one streaming socket's frames in arrival order: a keep-alive `__PING__` is answered at
 * once (never queued behind audio: Symbl's JavaScript SDK closes after 30 s without its
 * `__PONG__`), everything else is queued and handled one at a time. A text frame that cannot be
 * understood gets a nested `error` message; a `start_request` that cannot be used also closes
 * the socket (1008). An unexpected failure of a handler is logged and reported as an error
 * message; the queue goes on.
 */
export class ClientFrameReader {
  readonly #writer: SocketWriter;
  readonly #logger: Logger;
  readonly #handlers: ClientFrameHandlers;
  #chain: Promise<void> = Promise.resolve();

  constructor(ws: WebSocket, writer: SocketWriter, logger: Logger, handlers: ClientFrameHandlers) {
    this.#writer = writer;
    this.#logger = logger;
    this.#handlers = handlers;
    ws.on('message', (data, isBinary) => this.#receive(data, isBinary));
    ws.on('close', () => this.enqueue(() => handlers.closed()));
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
      this.enqueue(() => this.#handlers.audio(bytes));
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
