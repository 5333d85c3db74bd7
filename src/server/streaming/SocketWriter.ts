import type { WebSocket } from 'ws';
import { ParleyError } from '../../errors/ParleyError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import { encodeServerFrame, type ServerMessage } from '../../model/streaming.ts';
import { StreamingCloseCode } from '../../model/streamingClientMessages.ts';
import { streamingError } from '../../model/streamingSystemMessages.ts';
import type { Logger } from '../Logger.ts';

/**
 * Send buffer beyond which a client that does not read is disconnected (policy: close, 1008): a
 * streaming socket's or a read-only subscriber's.
 */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Writes to one streaming socket: frames checked against the wire model (a frame that fails is
 * logged and not sent), a top-level `seq` for resumable sockets, errors as nested `error`
 * messages, and the bound on what a client may leave unread.
 */
export class SocketWriter {
  readonly #ws: WebSocket;
  readonly #logger: Logger;

  constructor(ws: WebSocket, logger: Logger) {
    this.#ws = ws;
    this.#logger = logger;
  }

  /** Whether frames can still be sent. */
  get open(): boolean {
    return this.#ws.readyState === this.#ws.OPEN;
  }

  send(frame: ServerMessage, seq?: number): void {
    let text: string;
    try {
      text = encodeServerFrame(seq === undefined ? frame : ({ ...frame, seq } as ServerMessage));
    } catch (error) {
      this.#logger.log('error', 'live.frame_invalid', { error, type: frame.type });
      return;
    }
    this.sendText(text);
  }

  sendText(text: string): void {
    if (!this.open) return;
    if (this.#ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(StreamingCloseCode.policyViolation, 'client does not read its frames');
      return;
    }
    this.#ws.send(text);
  }

  /**
   * An `error` message: a ParleyError's message (and, for a ValidationError, every offending
   * path); anything else is logged and sent as "Internal error".
   */
  sendError(error: unknown): void {
    if (!(error instanceof ParleyError)) this.#logger.log('error', 'live.unexpected_error', { error });
    const message = error instanceof ParleyError ? error.message : 'Internal error';
    const details =
      error instanceof ValidationError
        ? error.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')
        : undefined;
    this.send(streamingError(message, details));
  }

  /** A WebSocket ping control frame carrying `payload`. */
  ping(payload: string): void {
    if (this.open) this.#ws.ping(payload);
  }

  close(code: number, reason: string): void {
    if (this.#ws.readyState === this.#ws.OPEN || this.#ws.readyState === this.#ws.CONNECTING) {
      this.#ws.close(code, reason);
    }
  }
}
