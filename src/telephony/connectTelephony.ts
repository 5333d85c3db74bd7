import { from, lastValueFrom, Observable, type Subscription } from 'rxjs';
import WebSocket from 'ws';
import { ParleyError } from '../errors/ParleyError.ts';
import { ProtocolError } from '../errors/ProtocolError.ts';
import { WebSocketClosedError } from '../errors/WebSocketClosedError.ts';
import { decodeServerFrame } from '../model/streaming.ts';
import {
  type TelephonyStartRequest,
  TelephonyStartResponse,
  TelephonyStopResponse,
} from '../model/telephony.ts';
import { postEndpointConnect } from './postEndpointConnect.ts';
import type { TelephonyClientOptions } from './TelephonyClientOptions.ts';
import type { TelephonyConnectionEvent } from './TelephonyConnectionEvent.ts';
import { telephonyTransport } from './telephonyTransport.ts';

/** Options of a telephony connection beyond the endpoint. */
export interface TelephonyConnectOptions extends TelephonyClientOptions {
  /** Hangs up when it emits or resolves (Ctrl-C, a timer): stop, then `telephony_stopped`, complete. */
  hangUp?: Observable<unknown> | PromiseLike<unknown>;
  /** Extra start-request fields: `actions`, `data`, `timezone`, `languages`, `pushSpeakerEvents`. */
  request?: Omit<TelephonyStartRequest, 'operation' | 'endpoint'>;
}

/**
 * One telephony connection as a cold Observable: subscribing POSTs the start (resolving when the
 * far end answers), emits `telephony_connected`, subscribes to `/v1/subscribe/{connectionId}` and
 * emits every live result; when the call ends (the server closes the subscription after
 * `conversation_completed`, or `hangUp` fires) it POSTs the stop, emits `telephony_stopped` with
 * the conversation id, and completes. A call the far end rejects errors with SipError (its
 * status). Unsubscribing early stops the call (best effort) and closes the socket. Requests go
 * through the client's HttpTransport (timeouts, retries, typed errors).
 */
export function connectTelephony(
  endpoint: TelephonyStartRequest['endpoint'] | Record<string, unknown>,
  options: TelephonyConnectOptions,
): Observable<TelephonyConnectionEvent> {
  return new Observable<TelephonyConnectionEvent>((subscriber) => {
    const http = telephonyTransport(options);
    let socket: WebSocket | undefined;
    let connectionId: string | undefined;
    let hangUpSub: Subscription | undefined;
    let stopping: Promise<void> | undefined;
    let done = false;

    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        if (connectionId === undefined) return;
        const result = await lastValueFrom(
          postEndpointConnect(
            http,
            { operation: 'stop', connectionId },
            TelephonyStopResponse,
            'endpoint:connect stop response',
          ),
        );
        done = true;
        socket?.close(1000);
        subscriber.next({ type: 'telephony_stopped', result });
        subscriber.complete();
      })().catch((error: unknown) => {
        done = true;
        socket?.terminate();
        subscriber.error(error);
      });
      return stopping;
    };

    const follow = async (connection: TelephonyStartResponse): Promise<void> => {
      connectionId = connection.connectionId;
      if (subscriber.closed) return void stop();
      subscriber.next({ type: 'telephony_connected', connection });
      const lease = await http.lease();
      lease.release();
      const url = new URL(`${lease.baseUrl}/v1/subscribe/${encodeURIComponent(connection.connectionId)}`);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(url, { headers: { 'x-api-key': lease.accessToken } });
      socket = ws;
      ws.on('message', (data, isBinary) => {
        if (isBinary || done) return;
        try {
          const frame = decodeServerFrame(data.toString());
          if (frame.type !== '__PONG__') subscriber.next(frame);
        } catch (error) {
          // A frame this client cannot read is skipped, not fatal: servers may add frame types.
          if (!(error instanceof ParleyError)) throw error;
        }
      });
      ws.on('error', () => undefined);
      ws.on('unexpected-response', (_req, res) => {
        // The call ended before the socket opened: the stop still answers with the conversation.
        if (res.statusCode === 404) void stop();
        else
          subscriber.error(
            new ProtocolError(`subscription to ${connection.connectionId} refused: ${res.statusCode}`),
          );
      });
      ws.on('close', (code, reason) => {
        if (done) return;
        if (code === 1000) void stop();
        else if (stopping === undefined) subscriber.error(new WebSocketClosedError(code, reason.toString()));
      });
      if (options.hangUp)
        hangUpSub = from(options.hangUp as Observable<unknown>).subscribe(() => void stop());
    };

    const start = postEndpointConnect(
      http,
      { ...options.request, operation: 'start', endpoint },
      TelephonyStartResponse,
      'endpoint:connect start response',
    ).subscribe({
      next: (connection) => void follow(connection).catch((error: unknown) => subscriber.error(error)),
      error: (error: unknown) => subscriber.error(error),
    });

    return () => {
      hangUpSub?.unsubscribe();
      start.unsubscribe();
      if (!done && connectionId !== undefined) void stop().catch(() => undefined);
      socket?.terminate();
    };
  });
}
