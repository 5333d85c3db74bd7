import { Observable } from 'rxjs';
import WebSocket from 'ws';
import { ConnectionError } from '../errors/ConnectionError.ts';
import { ParleyError } from '../errors/ParleyError.ts';
import { WebSocketClosedError } from '../errors/WebSocketClosedError.ts';
import { decodeServerFrame } from '../model/streaming.ts';
import { refusedUpgradeError } from './refusedUpgradeError.ts';
import type { StreamingEvent } from './StreamingEvent.ts';
import { resolveToken, type TokenSource } from './TokenSource.ts';

/** Where the connection to watch lives. */
export interface WatchConnectionOptions {
  /** `https://api.symbl.ai` or a Parley server's `http://host:port`. */
  baseUrl: string;
  token: TokenSource;
  /** Called once the socket is open: results sent from then on reach this subscription. */
  opened?: () => void;
}

/**
 * The results of someone else's live connection (a streaming session or a telephony call), read
 * only, from `/v1/subscribe/{connectionId}`: every frame the speakers' sockets get, zod-parsed,
 * until the server closes the subscription (normally after `conversation_completed`), then
 * completes. A refused subscription (unknown id: 404, bad token: 401) errors with
 * ConnectionError or AuthenticationError; any other close with WebSocketClosedError. Frames this
 * client cannot read are skipped. Cold: each subscription opens its own socket, and unsubscribing
 * closes it.
 */
export function watchConnection(
  connectionId: string,
  options: WatchConnectionOptions,
): Observable<StreamingEvent> {
  return new Observable<StreamingEvent>((subscriber) => {
    let socket: WebSocket | undefined;
    let closed = false;
    void resolveToken(options.token).then(
      (token) => {
        if (closed) return;
        const url = new URL(
          `${options.baseUrl.replace(/\/+$/, '')}/v1/subscribe/${encodeURIComponent(connectionId)}`,
        );
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        const ws = new WebSocket(url, { headers: { 'x-api-key': token } });
        socket = ws;
        ws.on('message', (data, isBinary) => {
          if (isBinary) return;
          try {
            const frame = decodeServerFrame(data.toString());
            if (frame.type !== '__PONG__') subscriber.next(frame);
          } catch (error) {
            // Servers may add frame types: an unreadable frame is skipped.
            if (!(error instanceof ParleyError)) subscriber.error(error);
          }
        });
        let refused = false;
        ws.on('open', () => options.opened?.());
        ws.on('unexpected-response', (_request, response) => {
          refused = true;
          void refusedUpgradeError(response, `subscription to ${connectionId}`).then((error) =>
            subscriber.error(error),
          );
          response.resume();
        });
        ws.on('error', (error) => {
          if (!refused)
            subscriber.error(new ConnectionError(`subscription to ${connectionId} failed`, { cause: error }));
        });
        ws.on('close', (code, reason) => {
          if (refused) return;
          if (code === 1000) subscriber.complete();
          else subscriber.error(new WebSocketClosedError(code, reason.toString()));
        });
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      closed = true;
      if (socket !== undefined && socket.readyState <= WebSocket.OPEN) socket.close(1000);
    };
  });
}
