import { type Observable, Subject } from 'rxjs';
import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../model/streaming.ts';
import { PING_TEXT, PONG_TEXT, StreamingCloseCode } from '../../model/streamingClientMessages.ts';
import { wsText } from '../../streaming/wsData.ts';
import { MAX_BUFFERED_BYTES } from './SocketWriter.ts';

/** How one subscriber reads frames: the text to send for a frame, or undefined to skip it. */
export type FrameEncoding = (frame: ServerMessage) => string | undefined;

/** How a subscriber socket may end its subscription itself. */
export interface SubscriberOptions {
  /**
   * Close the socket (1000) when it sends a stop request: telephony subscribers unsubscribe so (the
   * Python SDK sends the dict repr of `{'type': 'stop_request'}`).
   */
  closeOnStopRequest?: boolean;
}

/**
 * The read-only subscriber sockets of one live connection, each with its own frame encoding.
 * Subscribers send nothing the server acts on but the keep-alive (`__PING__`, answered
 * `__PONG__`) and, where allowed, a stop request. A socket leaves the set when it closes.
 */
export class SubscriberSet {
  readonly #sockets = new Map<WebSocket, FrameEncoding>();
  readonly #left = new Subject<void>();

  /** Emits after a subscriber's socket closed and left the set. */
  get left$(): Observable<void> {
    return this.#left.asObservable();
  }

  get size(): number {
    return this.#sockets.size;
  }

  add(ws: WebSocket, encoding: FrameEncoding, options: SubscriberOptions = {}): void {
    this.#sockets.set(ws, encoding);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : wsText(data).trim();
      if (text === PING_TEXT) ws.send(PONG_TEXT);
      else if (options.closeOnStopRequest === true && text.includes('stop_request'))
        ws.close(1000, 'unsubscribed');
    });
    ws.on('close', () => {
      this.#sockets.delete(ws);
      this.#left.next();
    });
  }

  /**
   * Sends `frame` to every open subscriber, encoded once per encoding. A subscriber that leaves
   * more than the streaming sockets' bound unread is closed (1008), so a slow reader cannot make
   * the server hold its frames without end.
   */
  send(frame: ServerMessage): void {
    if (this.#sockets.size === 0) return;
    const encoded = new Map<FrameEncoding, string | undefined>();
    for (const [ws, encoding] of this.#sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.close(StreamingCloseCode.policyViolation, 'subscriber does not read its frames');
        continue;
      }
      if (!encoded.has(encoding)) encoded.set(encoding, encoding(frame));
      const text = encoded.get(encoding);
      if (text !== undefined) ws.send(text);
    }
  }

  /** Closes every subscriber with `code` and forgets them all. */
  closeAll(code: number, reason: string): void {
    const sockets = [...this.#sockets.keys()];
    this.#sockets.clear();
    for (const ws of sockets) ws.close(code, reason);
  }
}
