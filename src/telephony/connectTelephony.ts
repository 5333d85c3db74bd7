import { from, lastValueFrom, Observable, type Subscriber, type Subscription } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { ConnectionError } from '../errors/ConnectionError.ts';
import {
  type TelephonyStartRequest,
  TelephonyStartResponse,
  TelephonyStopResponse,
} from '../model/telephony.ts';
import { watchConnection } from '../streaming/watchConnection.ts';
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
  return new Observable<TelephonyConnectionEvent>((subscriber) =>
    new TelephonyCall(options, subscriber).start(endpoint),
  );
}

/** One subscription's call: the start request, the socket of live results, the stop. */
class TelephonyCall {
  readonly #options: TelephonyConnectOptions;
  readonly #subscriber: Subscriber<TelephonyConnectionEvent>;
  readonly #http: HttpTransport;
  #starting: Subscription | undefined;
  #hangUp: Subscription | undefined;
  /** The call's live results, read from its subscribe socket. */
  #results: Subscription | undefined;
  #connectionId: string | undefined;
  #stopping: Promise<void> | undefined;
  /** The call is over for this subscriber (stopped, failed or torn down): frames are ignored. */
  #done = false;

  constructor(options: TelephonyConnectOptions, subscriber: Subscriber<TelephonyConnectionEvent>) {
    this.#options = options;
    this.#subscriber = subscriber;
    this.#http = telephonyTransport(options);
  }

  /** POSTs the start; returns the teardown. */
  start(endpoint: TelephonyStartRequest['endpoint'] | Record<string, unknown>): () => void {
    this.#starting = postEndpointConnect(
      this.#http,
      { ...this.#options.request, operation: 'start', endpoint },
      TelephonyStartResponse,
      'endpoint:connect start response',
    ).subscribe({
      next: (connection) => void this.#follow(connection).catch((error: unknown) => this.#fail(error)),
      error: (error: unknown) => this.#fail(error),
    });
    return () => this.#tearDown();
  }

  /** The far end answered: tell the subscriber, then follow the call's results. */
  async #follow(connection: TelephonyStartResponse): Promise<void> {
    this.#connectionId = connection.connectionId;
    if (this.#subscriber.closed) return void this.#stop();
    this.#subscriber.next({ type: 'telephony_connected', connection });
    const lease = await this.#http.lease();
    lease.release();
    this.#results = watchConnection(connection.connectionId, {
      baseUrl: lease.baseUrl,
      token: lease.accessToken,
    }).subscribe({
      next: (frame) => {
        if (!this.#done) this.#subscriber.next(frame);
      },
      // The server closes normally after conversation_completed: the call is over.
      complete: () => void this.#stop(),
      error: (error: unknown) => this.#onResultsFailed(error),
    });
    const { hangUp } = this.#options;
    if (hangUp) this.#hangUp = from(hangUp as Observable<unknown>).subscribe(() => void this.#stop());
  }

  #onResultsFailed(error: unknown): void {
    if (this.#done) return;
    // The call ended before the socket opened: the stop still answers with the conversation.
    if (error instanceof ConnectionError && error.status === 404) void this.#stop();
    else if (this.#stopping === undefined) this.#fail(error);
  }

  /** POSTs the stop once, then `telephony_stopped` and completion (or the stop's error). */
  #stop(): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.#connectionId === undefined) return;
      const result = await lastValueFrom(
        postEndpointConnect(
          this.#http,
          { operation: 'stop', connectionId: this.#connectionId },
          TelephonyStopResponse,
          'endpoint:connect stop response',
        ),
      );
      this.#done = true;
      this.#results?.unsubscribe();
      this.#subscriber.next({ type: 'telephony_stopped', result });
      this.#subscriber.complete();
    })().catch((error: unknown) => {
      this.#done = true;
      this.#results?.unsubscribe();
      this.#subscriber.error(error);
    });
    return this.#stopping;
  }

  #fail(error: unknown): void {
    this.#subscriber.error(error);
  }

  /** Unsubscribed: abandon the start, stop a connected call (best effort), drop the socket. */
  #tearDown(): void {
    this.#hangUp?.unsubscribe();
    this.#starting?.unsubscribe();
    if (!this.#done && this.#connectionId !== undefined) void this.#stop().catch(() => undefined);
    this.#results?.unsubscribe();
  }
}
