// Over 300 lines on purpose: one state machine (idle -> starting -> listening <-> paused ->
// stopping -> closed) whose handlers all read and move the same state. Its I/O is elsewhere:
// ClientFrameReader (frames in, in order), SocketWriter (frames out), ResumeAcks (pings).

import type { Observable, Subscription } from 'rxjs';
import type { WebSocket } from 'ws';
import { checkRecognitionLanguage } from '../../engine/asr/recognitionLanguages.ts';
import { TimeZone } from '../../engine/time/TimeZone.ts';
import { RateLimitError } from '../../errors/RateLimitError.ts';
import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import type { ServerMessage } from '../../model/streaming.ts';
import {
  type ModifyRequest,
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
import type { Store } from '../store/Store.ts';
import { ClientFrameReader } from './ClientFrameReader.ts';
import type { LiveLimits } from './LiveConversationRegistry.ts';
import { managedTrackers } from './managedTrackers.ts';
import { ResumeAcks } from './ResumeAcks.ts';
import type { ResumeSlot } from './ResumeSlot.ts';
import { SocketWriter } from './SocketWriter.ts';
import type { LiveFrame, SpeakerStream } from './SpeakerStream.ts';
import { speakerSettings } from './SpeakerStreamOptions.ts';
import { StreamAudioDecoder } from './StreamAudioDecoder.ts';
import type { StreamingConnection } from './StreamingConnection.ts';

/** How a socket asked to resume (README.md next to this file, "Resuming"); absent for ordinary sockets. */
export interface ResumeRequest {
  key: string;
  /** Last result `seq` the client received (0: none). */
  lastSeq: number;
}

/** Close code for a socket whose resumable stream another socket took over. */
const TAKEN_OVER = 4001;
/** Close code (RFC 6455 registry) for a start refused because a live-session cap is reached. */
const TRY_AGAIN_LATER = 1013;

/** What a streaming socket needs from the server. */
export interface StreamingSocketDependencies {
  store: Store;
  logger: Logger;
  limits: Pick<LiveLimits, 'noStartRequestSeconds' | 'abandonedGraceSeconds'>;
}

type SocketState = 'idle' | 'starting' | 'listening' | 'paused' | 'stopping' | 'closed';

/**
 * One streaming WebSocket (`/v1/streaming/{id}` or `/v1/realtime/insights/{id}`): reads the
 * client's frames in order, drives one {@link SpeakerStream} opened on its connection, and writes
 * the stream's frames back. Every frame is handled in arrival order (audio that arrives while the
 * stream starts waits for it). A frame that cannot be understood gets a nested `error` message and
 * nothing else.
 */
export class StreamingSocket {
  readonly #writer: SocketWriter;
  readonly #connection: StreamingConnection;
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #resume: ResumeRequest | undefined;
  readonly #reader: ClientFrameReader;
  readonly #abandonedGraceSeconds: number;
  /** Resolves when the audio a dropped socket had queued may no longer go to recognition. */
  readonly #handOverEnded: Promise<void>;
  #endHandOver: () => void = () => undefined;
  /** Once the socket has closed: until when (ms since epoch) its queued audio goes to recognition. */
  #handOverBy: number | undefined;
  #handOverTimer: NodeJS.Timeout | undefined;
  #state: SocketState = 'idle';
  #speaker: SpeakerStream | undefined;
  #settings: StreamingSettings | undefined;
  /** The stream kept under this socket's resume key, and this socket's take-over notice for it. */
  #slot: { slot: ResumeSlot; notice: Observable<void>; acks: ResumeAcks } | undefined;
  #framesSub: Subscription | undefined;
  #pauseTimer: NodeJS.Timeout | undefined;
  #startTimer: NodeJS.Timeout | undefined;
  #toldTooFast = false;

  constructor(
    ws: WebSocket,
    connection: StreamingConnection,
    dependencies: StreamingSocketDependencies,
    resume?: ResumeRequest,
  ) {
    this.#writer = new SocketWriter(ws, dependencies.logger);
    this.#connection = connection;
    this.#store = dependencies.store;
    this.#logger = dependencies.logger;
    this.#resume = resume;
    connection.socketOpened();
    this.#reader = new ClientFrameReader(ws, this.#writer, this.#logger, {
      start: (request) => this.#start(request),
      stop: () => this.#stop(),
      modify: (request) => this.#modify(request),
      audio: (bytes) => this.#onAudio(bytes),
      closed: () => this.#teardown(),
    });
    ws.on('error', (error) => this.#logger.log('warn', 'live.socket_error', { error }));
    this.#abandonedGraceSeconds = dependencies.limits.abandonedGraceSeconds;
    this.#handOverEnded = new Promise((resolve) => {
      this.#endHandOver = resolve;
    });
    void this.#reader.closed.then(() => this.#dropped());
    const seconds = dependencies.limits.noStartRequestSeconds;
    this.#startTimer = setTimeout(() => this.#reader.enqueue(() => this.#noStart(seconds)), seconds * 1000);
    this.#startTimer.unref();
  }

  /** No `start_request` came in time: the socket holds nothing yet, and is closed (1008). */
  #noStart(seconds: number): void {
    if (this.#state !== 'idle') return;
    this.#writer.send(
      streamingError('No start_request', `send start_request within ${seconds} s of connecting`),
    );
    this.#writer.close(StreamingCloseCode.policyViolation, 'no start_request in time');
  }

  /** The stream outlived a limit (no audio, total length): finish it like a stop, then close (1008). */
  async #expired(reason: string): Promise<void> {
    if (this.#state !== 'listening' && this.#state !== 'paused') return;
    this.#writer.send(streamingError('Session ended', reason));
    await this.#finish(StreamingCloseCode.policyViolation, 'session limit reached');
  }

  /** Server shutdown: finish like a stop, then close with 1001 (going away). */
  shutdown(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#reader.enqueue(async () => {
        if (this.#speaker !== undefined && (this.#state === 'listening' || this.#state === 'paused')) {
          await this.#finish(1001, 'server shutting down');
        } else {
          this.#writer.close(1001, 'server shutting down');
        }
        resolve();
      });
    });
  }

  async #start(request: StartRequest): Promise<void> {
    clearTimeout(this.#startTimer);
    if (this.#state === 'paused') return this.#resumeListening();
    if (this.#state !== 'idle') {
      this.#writer.send(streamingError('Already started', 'send stop_request before another start_request'));
      return;
    }
    const kept = this.#resume === undefined ? undefined : this.#connection.slot(this.#resume.key);
    if (kept !== undefined) return this.#attach(kept);
    let settings: StreamingSettings;
    try {
      settings = resolveStartRequest(request);
      checkRecognitionLanguage(settings.languageCode, 'start_request', 'config.languageCode');
      new StreamAudioDecoder(settings.audio);
      // Checked even when the conversation exists already and keeps its own zone: a typo is still a typo.
      if (settings.timeZone !== undefined) TimeZone.of(settings.timeZone, 'config.timezone');
    } catch (error) {
      this.#writer.sendError(error);
      this.#writer.close(StreamingCloseCode.policyViolation, 'unsupported start_request');
      return;
    }
    this.#state = 'starting';
    this.#settings = settings;
    this.#writer.send(startedListening());
    let speaker: SpeakerStream;
    try {
      const trackers = await managedTrackers(this.#store, this.#connection.appId, settings.trackers);
      for (const id of trackers.missing) this.#writer.send(streamingError(`No tracker with id ${id}`));
      speaker = await this.#connection.openSpeaker(
        speakerSettings(settings, this.#connection.connectionId, trackers.found),
      );
    } catch (error) {
      this.#writer.sendError(error);
      const policy = error instanceof ValidationError || error instanceof UnsupportedMediaError;
      if (error instanceof RateLimitError) this.#writer.close(TRY_AGAIN_LATER, 'live session limit reached');
      else
        this.#writer.close(
          policy ? StreamingCloseCode.policyViolation : StreamingCloseCode.serverError,
          'could not start',
        );
      return;
    }
    // A close meanwhile is handled after this task (teardown is queued behind it), with the stream.
    this.#speaker = speaker;
    if (this.#resume !== undefined) {
      const slot = this.#connection.addSlot(this.#resume.key, speaker, settings);
      this.#carry(slot, this.#connection.carry(slot));
    }
    if (speaker.created) this.#writer.send(conversationCreated(speaker.conversationId));
    this.#writer.send(this.#recognitionStarted(false, true));
    this.#subscribe(speaker);
    this.#state = 'listening';
  }

  /** Takes over a kept stream after a reconnect: replay what the client missed, go on live. */
  async #attach(slot: ResumeSlot): Promise<void> {
    this.#carry(slot, this.#connection.carry(slot));
    const speaker = slot.speaker;
    this.#speaker = speaker;
    this.#settings = slot.settings;
    this.#writer.send(startedListening());
    const replay = speaker.conversation.replayAfter(this.#resume?.lastSeq ?? 0);
    this.#writer.send(this.#recognitionStarted(true, replay.complete));
    // Replay and subscription happen in one tick, so no result falls between them.
    for (const { seq, frame } of replay.results) {
      const narrowed = speaker.narrow(frame);
      if (narrowed !== undefined) this.#writer.send(narrowed, seq);
    }
    this.#subscribe(speaker);
    // The start_request that brought this socket also resumes a stream paused before the drop;
    // audio behind it in the queue waits until it listens.
    if (speaker.state === 'paused') await speaker.resume();
    this.#state = 'listening';
  }

  /** This socket carries `slot` under `notice`; when another socket takes it over, this one closes. */
  #carry(slot: ResumeSlot, notice: Observable<void>): void {
    this.#slot = { slot, notice, acks: new ResumeAcks(this.#writer, slot) };
    notice.subscribe(() => this.#takenOver());
  }

  #takenOver(): void {
    this.#slot?.acks.stop();
    this.#slot = undefined;
    this.#speaker = undefined;
    this.#framesSub?.unsubscribe();
    this.#writer.close(TAKEN_OVER, 'stream resumed on another socket');
  }

  #recognitionStarted(resumed: boolean, replayComplete: boolean): ServerMessage {
    const conversationId = (this.#speaker as SpeakerStream).conversationId;
    const resume = this.#slot?.slot.startedData(resumed, replayComplete);
    return systemMessage({
      type: 'recognition_started',
      data: { conversationId, ...resume },
    }) as ServerMessage;
  }

  #subscribe(speaker: SpeakerStream): void {
    this.#framesSub?.unsubscribe();
    this.#framesSub = speaker.expired$.subscribe((reason) =>
      this.#reader.enqueue(() => this.#expired(reason)),
    );
    this.#framesSub.add(
      speaker.frames$.subscribe({
        next: (frame) => this.#onFrame(frame),
        error: (error: unknown) => {
          this.#writer.sendError(error);
          this.#writer.close(StreamingCloseCode.serverError, 'live session failed');
        },
      }),
    );
  }

  #onFrame({ frame, seq }: LiveFrame): void {
    this.#writer.send(frame, this.#slot === undefined ? undefined : seq);
    this.#slot?.acks.schedule();
  }

  async #resumeListening(): Promise<void> {
    const speaker = this.#speaker;
    if (speaker === undefined) return;
    if (this.#pauseTimer !== undefined) clearTimeout(this.#pauseTimer);
    this.#pauseTimer = undefined;
    this.#writer.send(startedListening());
    await speaker.resume();
    this.#state = 'listening';
    this.#writer.send(this.#recognitionStarted(false, true));
  }

  async #onAudio(bytes: Uint8Array): Promise<void> {
    const dropped = this.#handOverBy !== undefined;
    if (this.#slot !== undefined) {
      // Audio still queued when a resumable socket dropped was never counted as received: its
      // client re-sends it from the resumed stream's `audioBytes`.
      if (dropped) return;
      // Audio before start_request (or while paused) is discarded; a resumable stream counts it.
      this.#slot.slot.audioBytes += bytes.length;
    }
    const speaker = this.#speaker;
    if (this.#state === 'listening' && speaker !== undefined && !this.#handOverExpired()) {
      if (!speaker.pushEncoded(bytes)) {
        // Backpressure: the frames behind this one wait (and the socket is not read) until the
        // recogniser has caught up. A resumable socket that drops stops waiting (its client
        // re-sends); any other goes on handing what it accepted over until its deadline.
        this.#reader.hold('backlog');
        if (!dropped) this.#tellTooFast();
        const giveUp = this.#slot === undefined ? this.#handOverEnded : this.#reader.closed;
        await Promise.race([speaker.drained(), giveUp]);
        this.#reader.release('backlog');
      }
    }
    this.#slot?.acks.schedule();
  }

  /**
   * The socket closed. The audio it had accepted and not yet handed to its stream still goes to
   * recognition (the stream is stopped after it) for `max(noConnectionTimeout, abandonedGraceSeconds)`
   * from now, the time its conversation waits for the client to come back; what is still queued
   * then is discarded. Idempotent.
   */
  #dropped(): void {
    if (this.#handOverBy !== undefined) return;
    const seconds = Math.max(this.#settings?.noConnectionTimeout ?? 0, this.#abandonedGraceSeconds);
    this.#handOverBy = Date.now() + seconds * 1000;
    this.#handOverTimer = setTimeout(this.#endHandOver, seconds * 1000);
    this.#handOverTimer.unref();
  }

  #handOverExpired(): boolean {
    return this.#handOverBy !== undefined && Date.now() >= this.#handOverBy;
  }

  /** Once per socket: the client sends audio faster than it is recognised, and is being held back. */
  #tellTooFast(): void {
    if (this.#toldTooFast) return;
    this.#toldTooFast = true;
    this.#writer.send(
      streamingError(
        'Audio is arriving faster than it is recognised',
        'the server reads more audio once it has caught up; send audio in real time',
      ),
    );
  }

  async #stop(): Promise<void> {
    const speaker = this.#speaker;
    if (speaker === undefined || (this.#state !== 'listening' && this.#state !== 'paused')) {
      this.#writer.send(streamingError('Not started', 'send start_request first'));
      return;
    }
    const settings = this.#settings;
    const pauseOnly = settings?.disconnectOnStopRequest === false;
    if (pauseOnly && this.#state === 'paused') return;
    const pauseSeconds = settings?.disconnectOnStopRequestTimeout ?? 0;
    if (pauseOnly && pauseSeconds > 0) {
      this.#state = 'paused';
      await speaker.pause();
      this.#writer.send(recognitionStopped());
      this.#pauseTimer = setTimeout(
        () => this.#reader.enqueue(() => this.#finish(1000, 'paused too long')),
        pauseSeconds * 1000,
      );
      this.#pauseTimer.unref();
      return;
    }
    await this.#finish(StreamingCloseCode.normal, 'stopped');
  }

  /**
   * Flush, `conversation_completed`, `recognition_stopped` (one burst), close. The completion goes
   * first because clients stop reading at the first of the two: Symbl's JavaScript SDK closes its
   * socket on `recognition_stopped` and drops every frame after it, while its older
   * `startRealtimeRequest().stop()` resolves only on `conversation_completed`. Every other client
   * reads both in either order.
   */
  async #finish(code: number, reason: string): Promise<void> {
    const speaker = this.#speaker;
    if (speaker === undefined || this.#state === 'stopping' || this.#state === 'closed') return;
    const wasPaused = this.#state === 'paused';
    this.#state = 'stopping';
    if (this.#pauseTimer !== undefined) clearTimeout(this.#pauseTimer);
    if (this.#slot !== undefined) this.#connection.forgetSlot(this.#slot.slot);
    await speaker.stop();
    this.#writer.send(conversationCompleted(speaker.conversationId));
    if (!wasPaused) this.#writer.send(recognitionStopped());
    this.#slot?.acks.sendNow();
    this.#writer.close(code, reason);
  }

  #modify(request: ModifyRequest): void {
    const speaker = this.#speaker;
    if (speaker === undefined) {
      this.#writer.send(streamingError('Not started', 'send start_request before modify_request'));
      return;
    }
    try {
      const format = applyModifyRequest(speaker.format, request);
      speaker.modify(format);
      this.#writer.send(sessionModified(speaker.conversationId, format) as ServerMessage);
    } catch (error) {
      this.#writer.sendError(error);
    }
  }

  /**
   * The socket closed (by either side), after every frame it delivered was handled (see
   * {@link #dropped} for the audio among them). Without a stop, a resumable stream is kept for its
   * client; any other stream ends, recognising what it holds until the hand-over deadline at the
   * latest when nobody else reads the connection.
   */
  #teardown(): void {
    const state = this.#state;
    this.#state = 'closed';
    this.#dropped();
    clearTimeout(this.#handOverTimer);
    clearTimeout(this.#startTimer);
    this.#framesSub?.unsubscribe();
    if (this.#pauseTimer !== undefined) clearTimeout(this.#pauseTimer);
    this.#slot?.acks.stop();
    const speaker = this.#speaker;
    const active = state === 'listening' || state === 'paused' || state === 'starting';
    const graceSeconds = this.#settings?.noConnectionTimeout ?? 0;
    const kept = this.#slot;
    if (speaker !== undefined && active && kept === undefined) {
      this.#connection.socketClosed({ speaker, graceSeconds, finishBy: this.#handOverBy ?? Date.now() });
      return;
    }
    if (speaker !== undefined && active && kept?.slot.isCarriedBy(kept.notice))
      this.#connection.keepSlot(kept.slot, graceSeconds);
    this.#connection.socketClosed();
  }
}
