import { randomUUID } from 'node:crypto';
import {
  asyncScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscriber,
  Subscription,
  timer,
} from 'rxjs';
import type { AudioChunk } from '../sources/AudioChunk.ts';
import type { ParleyError } from '../src/errors/ParleyError.ts';
import { TimeoutError } from '../src/errors/TimeoutError.ts';
import { AudioOutbox } from '../src/streaming/AudioOutbox.ts';
import { dedupeResults } from '../src/streaming/dedupeResults.ts';
import { ResumeState } from '../src/streaming/ResumeState.ts';
import { reconnectAfterDrop } from '../src/streaming/reconnectAfterDrop.ts';
import { type ConnectionListener, StreamingConnection } from '../src/streaming/StreamingConnection.ts';
import type { StreamingEvent } from '../src/streaming/StreamingEvent.ts';
import {
  type SessionSettings,
  type StreamingSessionOptions,
  sessionSettings,
} from '../src/streaming/StreamingSessionOptions.ts';
import { resolveToken } from '../src/streaming/TokenSource.ts';

// The types a caller of streamingSession needs, from the one entry point that exports it.
export type { ReconnectOptions } from '../src/streaming/reconnectPolicy.ts';
export type { StreamingEvent, StreamingEventOf } from '../src/streaming/StreamingEvent.ts';
export type { StreamingSessionOptions } from '../src/streaming/StreamingSessionOptions.ts';
export type { StreamingPath } from '../src/streaming/streamingUrl.ts';
export type { TokenSource } from '../src/streaming/TokenSource.ts';

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
 *
 * Bad options throw ValidationError at once, naming each field.
 */
export function streamingSession(
  options: StreamingSessionOptions,
): OperatorFunction<AudioChunk, StreamingEvent> {
  const settings = sessionSettings(options);
  return (audio$) =>
    new Observable<StreamingEvent>((subscriber) =>
      new Session(settings, subscriber, asyncScheduler).run(audio$),
    ).pipe(dedupeResults());
}

/**
 * One subscription's session, the wiring of its parts: the audio goes into the {@link AudioOutbox},
 * from there to the one live {@link StreamingConnection} (re-opened by `reconnectAfterDrop`), and
 * what a socket reports goes through the {@link ResumeState} to the subscriber.
 */
class Session implements ConnectionListener {
  readonly #settings: SessionSettings;
  readonly #subscriber: Subscriber<StreamingEvent>;
  readonly #scheduler: SchedulerLike;
  readonly #outbox: AudioOutbox;
  readonly #resume: ResumeState;
  /** Each subscription is its own session unless the caller names one to join. */
  readonly #connectionId: string;
  /** The audio, the deadline and the connections: unsubscribed together when the session ends. */
  readonly #subscriptions = new Subscription();
  #connection: StreamingConnection | undefined;
  /** The subscriber of the current connection's Observable (see {@link #connections}). */
  #attempt: Subscriber<void> | undefined;
  #sockets = 0;
  #finished = false;
  #closeReason = 'client unsubscribed';

  constructor(settings: SessionSettings, subscriber: Subscriber<StreamingEvent>, scheduler: SchedulerLike) {
    this.#settings = settings;
    this.#subscriber = subscriber;
    this.#scheduler = scheduler;
    const { sendBuffer } = settings;
    this.#outbox = new AudioOutbox({ ...sendBuffer, declaredFormat: settings.declaredFormat });
    this.#resume = new ResumeState(settings.reconnect);
    this.#connectionId = settings.connectionId ?? randomUUID();
  }

  /** Starts the session; returns its teardown. */
  run(audio$: Observable<AudioChunk>): () => void {
    this.#subscriptions.add(
      audio$.subscribe({
        next: (chunk) => this.#onChunk(chunk),
        error: (error: unknown) => this.#finish(error),
        complete: () => this.#onAudioComplete(),
      }),
    );
    const { deadlineMs, reconnect, onReconnecting } = this.#settings;
    if (deadlineMs !== undefined) {
      this.#subscriptions.add(
        timer(deadlineMs, this.#scheduler).subscribe(() =>
          this.#finish(
            new TimeoutError(`Streaming session did not finish within its ${deadlineMs} ms deadline`),
          ),
        ),
      );
    }
    if (!this.#finished) {
      const connections$ = this.#connections().pipe(
        reconnectAfterDrop(reconnect, { scheduler: this.#scheduler, onReconnecting }),
      );
      this.#subscriptions.add(
        connections$.subscribe({
          error: (error: unknown) => this.#finish(error),
          complete: () => this.#finish(),
        }),
      );
    }
    return () => this.#end('client unsubscribed');
  }

  /**
   * One socket per subscription: emits when it has started, completes when the session ended on
   * it, errors with its failure when it dropped; unsubscribing closes it.
   */
  #connections(): Observable<void> {
    return new Observable<void>((attempt) => {
      const rejoined = this.#sockets++ > 0;
      let connection: StreamingConnection | undefined;
      let cancelled = false;
      resolveToken(this.#settings.token).then(
        (token) => {
          if (cancelled) return;
          const { sendBuffer } = this.#settings;
          this.#resume.newSocket();
          this.#attempt = attempt;
          connection = new StreamingConnection(
            {
              ...this.#settings,
              connectionId: this.#connectionId,
              token,
              query: this.#resume.query(),
              rejoined,
              maxFrameBytes: sendBuffer.maxFrameBytes,
              highWaterMarkBytes: sendBuffer.highWaterMarkBytes,
            },
            this,
            this.#scheduler,
          );
          this.#connection = connection;
        },
        (error: unknown) => attempt.error(error),
      );
      return () => {
        cancelled = true;
        connection?.close(1000, this.#closeReason);
        if (this.#connection === connection) this.#connection = undefined;
      };
    });
  }

  #onChunk(chunk: AudioChunk): void {
    if (this.#finished) return;
    try {
      this.#outbox.add(chunk);
    } catch (error) {
      this.#finish(error);
      return;
    }
    this.#startIfWaiting();
    this.#pump();
    this.#outbox.signalLag();
  }

  #onAudioComplete(): void {
    this.#outbox.complete();
    this.#startIfWaiting();
    this.#pump();
  }

  #startIfWaiting(): void {
    const format = this.#outbox.startFormat;
    if (format && this.#connection?.awaitingStart) this.#connection.sendStart(format);
  }

  /** Hands queued audio to a started socket while it has room; `stop_request` after the last byte. */
  #pump(): void {
    const connection = this.#connection;
    if (this.#finished || !connection?.live) return;
    while (connection.hasRoom) {
      const segment = this.#outbox.next();
      if (!segment) break;
      this.#resume.place(segment);
      connection.sendSegment(segment);
      this.#resume.sent(segment);
    }
    this.#outbox.signalLag();
    if (this.#outbox.drained && !connection.stopSent) connection.sendStop();
  }

  opened(): void {
    this.#startIfWaiting();
  }

  started(connection: StreamingConnection, data: unknown): void {
    if (connection.rejoined) this.#outbox.requeue(this.#resume.rejoined(data));
    this.#attempt?.next();
    queueMicrotask(() => this.#pump());
  }

  frame(connection: StreamingConnection, event: StreamingEvent): void {
    if (event.type === 'message') {
      const body = event.message;
      if (body.type === 'recognition_result' && body.isFinal) {
        this.#resume.finalResult(body.payload.raw.alternatives[0]?.words, connection.declared);
      }
      this.#subscriber.next(event);
      if (body.type === 'conversation_completed') this.#finish();
      return;
    }
    if (this.#resume.isNewResult((event as { seq?: unknown }).seq)) this.#subscriber.next(event);
  }

  acknowledged(_connection: StreamingConnection, audioBytes: number): void {
    this.#resume.acknowledged(audioBytes);
  }

  writable(): void {
    this.#pump();
  }

  closed(connection: StreamingConnection, failure: ParleyError | undefined): void {
    if (connection !== this.#connection) return;
    this.#connection = undefined;
    // Audio queued for the next socket keeps its place; what was sent waits in the replay buffer.
    const attempt = this.#attempt;
    this.#attempt = undefined;
    if (failure === undefined) attempt?.complete();
    else attempt?.error(failure);
  }

  failed(_connection: StreamingConnection, error: unknown): void {
    this.#finish(error);
  }

  #finish(error?: unknown): void {
    if (this.#finished) return;
    this.#end(error === undefined ? 'done' : 'client error');
    if (error === undefined) this.#subscriber.complete();
    else this.#subscriber.error(error);
  }

  /** Stops everything: the audio, the deadline, a pending reconnection, the socket (closed 1000). */
  #end(reason: string): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#closeReason = reason;
    this.#subscriptions.unsubscribe();
  }
}
