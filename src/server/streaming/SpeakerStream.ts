import { map, Observable, ReplaySubject, Subject } from 'rxjs';
import { PocketsphinxRecognizer } from '../../engine/asr/PocketsphinxRecognizer.ts';
import type { EngineSpeaker } from '../../engine/nlp/EngineMessage.ts';
import { ConflictError } from '../../errors/ConflictError.ts';
import type { ServerMessage } from '../../model/streaming.ts';
import type { StreamingAudioFormat } from '../../model/streamingSettings.ts';
import type { StreamingUser } from '../../model/streamingSystemMessages.ts';
import type { ConversationLease, LiveConversation } from './LiveConversation.ts';
import type { LiveConversationRegistry } from './LiveConversationRegistry.ts';
import { type MessageFrameOptions, recognitionResultFrame } from './liveFrames.ts';
import { onConversationClock, RecognitionFeed, type TimedRecognitionEvent } from './RecognitionFeed.ts';
import { conversationOptions, engineSpeaker, type SpeakerStreamOptions } from './SpeakerStreamOptions.ts';
import { StreamAudioDecoder } from './StreamAudioDecoder.ts';

/**
 * A frame a speaker's client sees; `seq` numbers conversation results (see LiveConversation's
 * `LiveResult`) and is absent on the stream's own `recognition_result`s.
 */
export interface LiveFrame {
  frame: ServerMessage;
  seq?: number;
}

/** What a {@link SpeakerStream} is doing. */
export type SpeakerStreamState = 'listening' | 'paused' | 'stopped';

const DEFAULT_AUDIO: StreamingAudioFormat = { encoding: 'LINEAR16', sampleRateHertz: 16000 };

/**
 * One speaker's recognition in a live conversation, independent of any socket: audio in (any
 * rate, LINEAR16 or MULAW), through its {@link RecognitionFeed} (a bounded backlog) to the
 * recogniser (pocketsphinx on worker threads), out as `recognition_result` frames (partial hypotheses with `isFinal:
 * false`, then the final utterance with `isFinal: true`); each final is added to the conversation,
 * whose results follow from the conversation itself.
 *
 * Life cycle: `SpeakerStream.open()` -> listening -> `pause()` / `resume()` any number of times ->
 * `stop()`. Every stop or pause first finalises the pending utterance, so no final is lost; each
 * final is stored before its frames are sent, and the whole conversation on every pause and stop
 * (and every 10 s while finals arrive), so the Conversation API serves it under `conversationId`.
 * The stream holds a lease on its conversation from open to stop: the conversation completes when
 * its last stream stops. It counts against its app's and the server's live caps from open to stop,
 * and reports on {@link expired$} when it outlives the registry's time limits.
 *
 * Timing: times are seconds from the conversation's start. A stream joining later starts at the
 * wall-clock time it joined; within a stream, audio time advances with the audio pushed.
 *
 * @example
 * const stream = await SpeakerStream.open({ conversationId, appId, speaker: { name: 'Ana' } }, registry);
 * stream.events$.subscribe((frame) => socket.send(JSON.stringify(frame)));
 * stream.pushAudio(pcm16k);
 * await stream.stop();
 */
export class SpeakerStream {
  /** The shared conversation this stream feeds. */
  readonly conversation: LiveConversation;
  /** True when this stream created the conversation (send `conversation_created`). */
  readonly created: boolean;
  readonly #registry: LiveConversationRegistry;
  readonly #lease: ConversationLease;
  readonly #options: SpeakerStreamOptions;
  /** This stream's own `recognition_result` frames; errors when the stream fails. */
  readonly #recognized = new Subject<ServerMessage>();
  readonly #insightTypes: ReadonlySet<string>;
  readonly #speaker: EngineSpeaker | undefined;
  readonly #frameOptions: MessageFrameOptions;
  readonly #feed: RecognitionFeed;
  readonly #expired = new ReplaySubject<string>(1);
  readonly #timers: NodeJS.Timeout[] = [];
  /** Frames this stream emits, in order: a partial never overtakes a final being stored. */
  #emitting: Promise<void> = Promise.resolve();
  #lastAudioAt = Date.now();
  #state: SpeakerStreamState = 'paused';
  #memberId: string | undefined;
  #lastPartial = '';
  #failure: Error | undefined;
  #stopping: Promise<void> | undefined;

  private constructor(
    options: SpeakerStreamOptions,
    registry: LiveConversationRegistry,
    conversation: LiveConversation,
    created: boolean,
  ) {
    this.#options = options;
    this.#registry = registry;
    this.conversation = conversation;
    this.created = created;
    this.#lease = conversation.lease();
    this.#feed = new RecognitionFeed(
      options.audio ?? DEFAULT_AUDIO,
      registry.recognizer ?? new PocketsphinxRecognizer(),
      options.customVocabulary,
    );
    this.#feed.events$.subscribe({
      next: (timed) => this.#onRecognition(timed),
      error: (error: unknown) => this.#fail(error),
    });
    this.#insightTypes = new Set(options.insightTypes ?? []);
    this.#speaker = engineSpeaker(options.speaker);
    this.#frameOptions = {
      // Frames echo the offset in `Date.getTimezoneOffset()` terms; a zone by name gives its offset at the start.
      timezoneOffset: options.timezoneOffset ?? (-conversation.timeZone.offsetAt(conversation.startMs) || 0),
      sentiment: options.sentiment ?? false,
      ...(options.speaker?.userId === undefined ? {} : { userId: options.speaker.userId }),
    };
    this.#watchLimits();
  }

  /**
   * Opens a stream on the conversation `options.conversationId` (creating it, or joining the
   * open one) and starts listening.
   * @throws UnsupportedMediaError for an encoding the live path cannot decode (FLAC, Opus).
   * @throws ValidationError for bad conversation options (threshold, trackers).
   * @throws RecognizerError / DependencyMissingError when the recogniser cannot start.
   * @throws RateLimitError when the app or the server has as many live streams as it may.
   */
  static async open(
    options: SpeakerStreamOptions,
    registry: LiveConversationRegistry,
  ): Promise<SpeakerStream> {
    // Check the audio format and the caps before anything is created.
    new StreamAudioDecoder(options.audio ?? DEFAULT_AUDIO);
    registry.admit(options.appId);
    const { conversation, created } = registry.obtain(conversationOptions(options));
    conversation.redactWith(options.redaction);
    const stream = new SpeakerStream(options, registry, conversation, created);
    registry.track(stream, options.appId);
    try {
      if (created) await conversation.persist();
      await stream.#listen();
    } catch (error) {
      await stream.stop();
      throw error;
    }
    return stream;
  }

  /** The conversation id (for `conversation_created` / `recognition_started`). */
  get conversationId(): string {
    return this.conversation.conversationId;
  }

  /** The current audio format of pushed audio. */
  get format(): StreamingAudioFormat {
    return this.#feed.format;
  }

  get state(): SpeakerStreamState {
    return this.#state;
  }

  /**
   * This stream's own `recognition_result` frames (what subscribers of the speaker's connection
   * receive of it). Hot; completes when the stream has stopped, errors when it fails.
   */
  get recognition$(): Observable<ServerMessage> {
    return this.#recognized.asObservable();
  }

  /**
   * What this speaker's client receives, in order: the stream's own `recognition_result`s, and
   * every result frame of the conversation (all speakers) with its `seq`, insight frames narrowed
   * to this stream's `insightTypes`. Hot: subscribe before pushing audio. Completes when the
   * stream has stopped (after the last flushed result); errors with RecognizerError or
   * BufferOverflowError when the stream fails.
   */
  get frames$(): Observable<LiveFrame> {
    return new Observable<LiveFrame>((subscriber) => {
      const results = this.conversation.results$.subscribe(({ frame, seq }) => {
        const narrowed = this.narrow(frame);
        if (narrowed !== undefined) subscriber.next({ frame: narrowed, seq });
      });
      subscriber.add(results);
      subscriber.add(this.#recognized.pipe(map((frame): LiveFrame => ({ frame }))).subscribe(subscriber));
    });
  }

  /**
   * Emits once, with the reason, when the stream has outlived a limit: no audio for the
   * registry's `noAudioSeconds` while listening, or open longer than its `maxSeconds`. The stream
   * goes on; its owner finishes it (it has frames to send first).
   */
  get expired$(): Observable<string> {
    return this.#expired.asObservable();
  }

  /** `frames$` without the result numbers. */
  get events$(): Observable<ServerMessage> {
    return this.frames$.pipe(map((f) => f.frame));
  }

  /**
   * Queues PCM samples (signed 16-bit mono at the format's `sampleRateHertz`) for recognition.
   * Ignored unless listening. Returns false when more than 10 s of audio wait for the recogniser:
   * stop reading your source until `drained()` resolves. Beyond 60 s the stream fails with
   * BufferOverflowError on `events$` (nothing is dropped silently).
   */
  pushAudio(pcm: Int16Array): boolean {
    if (this.#state !== 'listening') return true;
    this.#lastAudioAt = Date.now();
    return this.#feed.pushPcm(pcm);
  }

  /**
   * Queues audio bytes in the format's encoding (LINEAR16 little-endian, or MULAW), as they came
   * in a binary frame. Same contract as {@link pushAudio}.
   */
  pushEncoded(bytes: Uint8Array): boolean {
    if (this.#state !== 'listening') return true;
    this.#lastAudioAt = Date.now();
    return this.#feed.pushEncoded(bytes);
  }

  /** Resolves when queued audio is below half the high-water mark (or the stream ended). */
  drained(): Promise<void> {
    return this.#state === 'stopped' ? Promise.resolve() : this.#feed.drained();
  }

  /**
   * Changes the format of audio pushed from now on (`modify_request`). Audio already queued keeps
   * its conversion.
   * @throws UnsupportedMediaError for an encoding the live path cannot decode.
   */
  modify(format: StreamingAudioFormat): void {
    this.#feed.setFormat(format);
  }

  /**
   * Stops listening without leaving the conversation: the pending utterance is finalised and
   * every result sent before this resolves; the conversation is stored. Audio pushed while paused
   * is ignored.
   */
  async pause(): Promise<void> {
    if (this.#state !== 'listening') return;
    this.#state = 'paused';
    await this.#feed.finish();
    await this.#emitting;
    await this.conversation.persist();
  }

  /** Listens again after `pause()`, on the same conversation. */
  async resume(): Promise<void> {
    if (this.#state !== 'paused') return;
    await this.#listen();
  }

  /**
   * Ends the stream: finalises the pending utterance, sends every remaining result, releases its
   * lease on the conversation (which completes when this was its last stream) once stored, then
   * completes `events$`. With `finishWithinMs`, audio still unrecognised after that long is dropped
   * (an abandoned stream, or a server shutting down, does not recognise a long backlog); the finals
   * already made are kept. Idempotent (a later call may shorten the time); never rejects.
   */
  stop(options: { finishWithinMs?: number } = {}): Promise<void> {
    if (options.finishWithinMs !== undefined) {
      const cut = setTimeout(() => this.#feed.close(), options.finishWithinMs);
      cut.unref();
      this.#timers.push(cut);
    }
    this.#stopping ??= (async () => {
      const wasListening = this.#state === 'listening';
      this.#state = 'stopped';
      if (wasListening) await this.#feed.finish().catch(() => undefined);
      this.#feed.close();
      await this.#emitting;
      for (const timer of this.#timers) clearTimeout(timer);
      try {
        await this.#lease.release();
      } finally {
        this.#registry.untrack(this);
        this.#expired.complete();
        if (this.#failure === undefined) this.#recognized.complete();
      }
    })();
    return this.#stopping;
  }

  /**
   * A conversation result as this stream's client receives it: insight frames keep only the
   * insight types the stream asked for (undefined when none is left); other frames unchanged.
   */
  narrow(frame: ServerMessage): ServerMessage | undefined {
    if (frame.type !== 'insight_response') return frame;
    const insights = frame.insights.filter((i) => this.#insightTypes.has(i.type));
    return insights.length === 0 ? undefined : { ...frame, insights };
  }

  async #listen(): Promise<void> {
    if (this.#state === 'stopped') throw new ConflictError('the speaker stream has stopped');
    const elapsed = Math.max(0, (Date.now() - this.conversation.startMs) / 1000);
    // stop() may run while the recogniser is starting.
    const started = await this.#feed.start(elapsed, () => this.#state === 'stopped');
    if (started) {
      this.#lastAudioAt = Date.now();
      this.#state = 'listening';
    }
  }

  #onRecognition({ event, offset }: TimedRecognitionEvent): void {
    if (event.type === 'partial') {
      const text = event.text.trim();
      if (text === '' || text === this.#lastPartial || this.#options.interimResults === false) return;
      this.#lastPartial = text;
      this.#emit(() =>
        this.#recognized.next(
          recognitionResultFrame(
            this.conversation.redactHypothesis(text, [], false),
            false,
            this.#user(),
            offset,
          ) as ServerMessage,
        ),
      );
      return;
    }
    this.#lastPartial = '';
    const { utterance } = event;
    if (utterance.text.trim() === '') return;
    // The final is stored with the conversation before its recognition_result goes out.
    this.#emit(async () => {
      const announce = (memberId: string | undefined) => {
        this.#memberId ??= memberId;
        const shown = {
          ...utterance,
          ...this.conversation.redactHypothesis(utterance.text, utterance.words, true),
        };
        this.#recognized.next(recognitionResultFrame(shown, true, this.#user(), offset) as ServerMessage);
      };
      try {
        await this.conversation.addFinal(
          onConversationClock(utterance, offset, this.#speaker),
          this.#frameOptions,
          announce,
        );
      } catch (error) {
        this.#registry.logger.log('error', 'live.ingest_failed', {
          conversationId: this.conversationId,
          error,
        });
      }
    });
  }

  /** Runs `send` after every frame this stream emitted before. */
  #emit(send: () => void | Promise<void>): void {
    this.#emitting = this.#emitting.then(send).catch((error: unknown) =>
      this.#registry.logger.log('error', 'live.emit_failed', {
        conversationId: this.conversationId,
        error,
      }),
    );
  }

  /** Arms the registry's time limits: total length from now, and no audio while listening. */
  #watchLimits(): void {
    const { maxSeconds, noAudioSeconds } = this.#registry.limits;
    const tooLong = setTimeout(
      () => this.#expire(`the session reached its maximum length of ${maxSeconds} s`),
      maxSeconds * 1000,
    );
    const silent = setInterval(
      () => {
        if (this.#state === 'listening' && Date.now() - this.#lastAudioAt > noAudioSeconds * 1000)
          this.#expire(`no audio arrived for ${noAudioSeconds} s`);
      },
      Math.min(1000, noAudioSeconds * 250),
    );
    tooLong.unref();
    silent.unref();
    this.#timers.push(tooLong, silent);
  }

  #expire(reason: string): void {
    if (this.#state === 'stopped') return;
    this.#registry.logger.log('info', 'live.session_expired', {
      conversationId: this.conversationId,
      reason,
    });
    this.#expired.next(reason);
    this.#expired.complete();
  }

  #user(): StreamingUser {
    const speaker = this.#options.speaker;
    return {
      ...(speaker?.userId === undefined ? {} : { userId: speaker.userId }),
      ...(speaker?.name === undefined ? {} : { name: speaker.name }),
      id: this.#memberId,
    };
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = error instanceof Error ? error : new Error(String(error));
    this.#registry.logger.log('error', 'live.session_failed', { conversationId: this.conversationId, error });
    this.#recognized.error(error);
    void this.stop();
  }
}
