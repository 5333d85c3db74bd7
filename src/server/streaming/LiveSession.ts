import { map, type Observable, Subject, type Subscription } from 'rxjs';
import { PocketsphinxRecognizer } from '../../engine/asr/PocketsphinxRecognizer.ts';
import type { RecognitionEvent } from '../../engine/asr/RecognitionEvent.ts';
import type { RecognitionSession } from '../../engine/asr/Recognizer.ts';
import type { EngineSpeaker, InputUtterance } from '../../engine/nlp/EngineMessage.ts';
import type { TrackerDefinition } from '../../engine/nlp/TrackerMatcher.ts';
import { BufferOverflowError } from '../../errors/BufferOverflowError.ts';
import { ConflictError } from '../../errors/ConflictError.ts';
import type { ServerMessage } from '../../model/streaming.ts';
import type { StreamingSpeaker } from '../../model/streamingClientMessages.ts';
import type { StreamingInsightKind } from '../../model/streamingResults.ts';
import type { AudioFormat, StreamingSettings } from '../../model/streamingSettings.ts';
import type { StreamingUser, SystemMessageOf } from '../../model/streamingSystemMessages.ts';
import type { LiveConversation, LiveResult } from './LiveConversation.ts';
import type { LiveConversationRegistry } from './LiveConversationRegistry.ts';
import { type MessageFrameOptions, recognitionResultFrame } from './liveFrames.ts';
import { RECOGNIZER_RATE, StreamAudioDecoder } from './StreamAudioDecoder.ts';

/**
 * How a live session is set up: which conversation it feeds, who speaks, the audio format, and
 * what to detect. Everything but the ids is optional; defaults are the spec's (streaming-api.md 3).
 * Conversation-wide settings (`name`, `timezoneOffset`, `confidenceThreshold`, `trackers`,
 * `detectEntities`) take effect only for the session that creates the conversation.
 */
export interface LiveSessionOptions {
  /** Conversation to feed; sessions naming the same id (and app) share it. */
  conversationId: string;
  /** App that owns the conversation. */
  appId: string;
  /** Conversation name when this session creates it (default: the conversation id). */
  name?: string;
  /** Conversation type when this session creates it (default `meeting`; telephony: `call`). */
  conversationType?: string;
  /** Format of pushed audio (default LINEAR16 at 16000 Hz). LINEAR16 and MULAW are decoded. */
  audio?: AudioFormat;
  /** BCP-47 code; recognition uses the English model whatever the code (the only one installed). */
  languageCode?: string;
  /** Insights this session's `events$` carries (default none); topics and trackers always. */
  insightTypes?: readonly StreamingInsightKind[];
  /** Who speaks on this session. */
  speaker?: StreamingSpeaker;
  /** Trackers: inline ones, and managed ones (with their `id`) resolved by the caller. */
  trackers?: readonly TrackerDefinition[];
  /** Recognition hints. */
  customVocabulary?: readonly string[];
  /** Lowest insight confidence kept, 0-1 (default 0.5). */
  confidenceThreshold?: number;
  /** Minutes, Date.getTimezoneOffset() convention (default 0). */
  timezoneOffset?: number;
  /** Add sentiment to message frames (default false). */
  sentiment?: boolean;
  /** Find entities (default false). */
  detectEntities?: boolean;
  /** Emit non-final `recognition_result` (default true). */
  interimResults?: boolean;
}

/**
 * A frame of a live session; `seq` numbers conversation results (see LiveConversation's
 * `LiveResult`) and is absent on the session's own `recognition_result`s.
 */
export interface LiveFrame {
  frame: ServerMessage;
  seq?: number;
}

/** What a {@link LiveSession} is doing. */
export type LiveSessionState = 'listening' | 'paused' | 'stopped';

/** `pushAudio` answers false beyond this much queued audio: the caller should wait for `drained()`. */
const HIGH_WATER_SECONDS = 30;
/** Beyond this the session fails with BufferOverflowError (overflow policy: error, nothing dropped). */
const MAX_QUEUED_SECONDS = 600;

/**
 * The live pipeline of one speaker, independent of any socket: audio in (any rate, LINEAR16 or
 * MULAW), Streaming API frames out. The recogniser (pocketsphinx on worker threads) turns audio
 * into partial hypotheses, sent as `recognition_result` with `isFinal: false`, and final
 * utterances, sent as `recognition_result` with `isFinal: true` and fed into the conversation's
 * shared aggregate, whose results (`message_response`, `insight_response`, `topic_response`,
 * `tracker_response`, from every speaker of the conversation) follow on `events$`.
 *
 * Life cycle: `LiveSession.open()` -> listening -> `pause()` / `resume()` any number of times ->
 * `stop()`. Every stop or pause first finalises the pending utterance, so no final is lost; the
 * conversation is persisted on every pause and stop (and every 10 s while finals arrive), so
 * the Conversation API serves it under `conversationId`. The conversation completes when its
 * last session stops.
 *
 * Timing: times are seconds from the conversation's start. A session joining later starts at
 * the wall-clock time it joined; within a session, audio time advances with the audio pushed
 * (so audio pushed faster than real time keeps its own timeline).
 *
 * @example
 * const session = await LiveSession.open({ conversationId, appId, speaker: { name: 'Ana' } }, registry);
 * session.events$.subscribe((frame) => socket.send(JSON.stringify(frame)));
 * session.pushAudio(pcm16k);
 * await session.stop();
 */
export class LiveSession {
  /** The shared conversation this session feeds. */
  readonly conversation: LiveConversation;
  /** True when this session created the conversation (send `conversation_created`). */
  readonly created: boolean;
  readonly #registry: LiveConversationRegistry;
  readonly #options: LiveSessionOptions;
  readonly #events = new Subject<LiveFrame>();
  readonly #insightTypes: ReadonlySet<string>;
  readonly #speaker: EngineSpeaker | undefined;
  readonly #frameOptions: MessageFrameOptions;
  #decoder: StreamAudioDecoder;
  #state: LiveSessionState = 'paused';
  #recognition: RecognitionSession | undefined;
  #recognitionSub: Subscription | undefined;
  #resultsSub: Subscription | undefined;
  #queue: Int16Array[] = [];
  #queuedSamples = 0;
  #pumping: Promise<void> | undefined;
  #drainWaiters: Array<() => void> = [];
  /** Seconds from the conversation start where the current recognition stream's time 0 sits. */
  #offset = 0;
  /** Samples written to the current recognition stream. */
  #fed = 0;
  #memberId: string | undefined;
  #lastPartial = '';
  #failure: Error | undefined;
  #stopping: Promise<void> | undefined;

  private constructor(
    options: LiveSessionOptions,
    registry: LiveConversationRegistry,
    conversation: LiveConversation,
    created: boolean,
  ) {
    this.#options = options;
    this.#registry = registry;
    this.conversation = conversation;
    this.created = created;
    this.#decoder = new StreamAudioDecoder(options.audio ?? { encoding: 'LINEAR16', sampleRateHertz: 16000 });
    this.#insightTypes = new Set(options.insightTypes ?? []);
    this.#speaker = engineSpeaker(options.speaker);
    this.#frameOptions = {
      timezoneOffset: options.timezoneOffset ?? 0,
      sentiment: options.sentiment ?? false,
      ...(options.speaker?.userId === undefined ? {} : { userId: options.speaker.userId }),
    };
  }

  /**
   * Opens a session on the conversation `options.conversationId` (creating it, or joining the
   * open one) and starts listening.
   * @throws UnsupportedMediaError for an encoding the live path cannot decode (FLAC, Opus).
   * @throws ValidationError for bad conversation options (threshold, trackers).
   * @throws RecognizerError / DependencyMissingError when the recogniser cannot start.
   */
  static async open(options: LiveSessionOptions, registry: LiveConversationRegistry): Promise<LiveSession> {
    // Check the audio format before anything is created.
    new StreamAudioDecoder(options.audio ?? { encoding: 'LINEAR16', sampleRateHertz: 16000 });
    const { conversation, created } = registry.obtain({
      conversationId: options.conversationId,
      appId: options.appId,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.conversationType === undefined ? {} : { type: options.conversationType }),
      analysis: {
        ...(options.timezoneOffset === undefined ? {} : { timezoneOffset: options.timezoneOffset }),
        ...(options.confidenceThreshold === undefined
          ? {}
          : { confidenceThreshold: options.confidenceThreshold }),
        ...(options.trackers === undefined ? {} : { trackers: options.trackers }),
        ...(options.detectEntities === undefined ? {} : { detectEntities: options.detectEntities }),
      },
    });
    const session = new LiveSession(options, registry, conversation, created);
    conversation.hold(session);
    session.#resultsSub = conversation.results$.subscribe((result) => session.#forward(result));
    try {
      if (created) await conversation.persist();
      await session.#listen();
    } catch (error) {
      await session.stop();
      throw error;
    }
    return session;
  }

  /** The conversation id (for `conversation_created` / `recognition_started`). */
  get conversationId(): string {
    return this.conversation.conversationId;
  }

  /** The current audio format of pushed audio. */
  get format(): AudioFormat {
    return this.#decoder.format;
  }

  get state(): LiveSessionState {
    return this.#state;
  }

  /**
   * This session's frames, in order: its own `recognition_result`s, and every result frame of the
   * conversation (all speakers), insight frames narrowed to this session's `insightTypes`. Hot:
   * subscribe before pushing audio. Completes when the session has stopped (after the last
   * flushed result); errors with RecognizerError or BufferOverflowError when the session fails.
   */
  get events$(): Observable<ServerMessage> {
    return this.#events.pipe(map((f) => f.frame));
  }

  /** `events$` with each conversation result's number (for resumable sockets). */
  get frames$(): Observable<LiveFrame> {
    return this.#events.asObservable();
  }

  /**
   * Queues PCM samples (signed 16-bit mono at the format's `sampleRateHertz`) for recognition.
   * Ignored unless listening. Returns false when more than 30 s of audio wait for the recogniser:
   * stop reading your source until `drained()` resolves. Beyond 600 s the session fails with
   * BufferOverflowError on `events$` (nothing is dropped silently).
   */
  pushAudio(pcm: Int16Array): boolean {
    if (this.#state !== 'listening') return true;
    this.#enqueue(this.#decoder.resample(pcm));
    return this.#queuedSamples < HIGH_WATER_SECONDS * RECOGNIZER_RATE;
  }

  /**
   * Queues audio bytes in the format's encoding (LINEAR16 little-endian, or MULAW), as they came
   * in a binary frame. Same contract as {@link pushAudio}.
   */
  pushEncoded(bytes: Uint8Array): boolean {
    if (this.#state !== 'listening') return true;
    this.#enqueue(this.#decoder.decode(bytes));
    return this.#queuedSamples < HIGH_WATER_SECONDS * RECOGNIZER_RATE;
  }

  /** Resolves when queued audio is below half the high-water mark (or the session ended). */
  drained(): Promise<void> {
    if (this.#queuedSamples < (HIGH_WATER_SECONDS * RECOGNIZER_RATE) / 2 || this.#state === 'stopped') {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /**
   * Changes the format of audio pushed from now on (`modify_request`). Audio already queued keeps
   * its conversion.
   * @throws UnsupportedMediaError for an encoding the live path cannot decode.
   */
  modify(format: AudioFormat): void {
    const next = new StreamAudioDecoder(format);
    this.#enqueue(this.#decoder.flush());
    this.#decoder = next;
  }

  /**
   * Stops listening without leaving the conversation: the pending utterance is finalised and
   * every result sent before this resolves; the conversation is persisted. Audio pushed while
   * paused is ignored.
   */
  async pause(): Promise<void> {
    if (this.#state !== 'listening') return;
    this.#state = 'paused';
    await this.#finishRecognition();
    await this.conversation.persist();
  }

  /** Listens again after `pause()`, on the same conversation. */
  async resume(): Promise<void> {
    if (this.#state !== 'paused') return;
    await this.#listen();
  }

  /**
   * Ends the session: finalises the pending utterance, sends every remaining result on
   * `events$`, leaves the conversation (which completes when this was its last session), persists
   * it, then completes `events$`. Idempotent; never rejects.
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      const wasListening = this.#state === 'listening';
      this.#state = 'stopped';
      if (wasListening) await this.#finishRecognition().catch(() => undefined);
      this.#recognitionSub?.unsubscribe();
      this.#recognition?.abort();
      try {
        await this.conversation.release(this);
      } finally {
        this.#resultsSub?.unsubscribe();
        this.#wakeDrainWaiters();
        if (this.#failure === undefined) this.#events.complete();
      }
    })();
    return this.#stopping;
  }

  async #listen(): Promise<void> {
    if (this.#state === 'stopped') throw new ConflictError('the live session has stopped');
    this.#offset = Math.max(this.#offset + this.#fed / RECOGNIZER_RATE, this.#elapsedSeconds());
    this.#fed = 0;
    const recognizer = this.#registry.recognizer ?? new PocketsphinxRecognizer();
    const recognition = await recognizer.open({
      sampleRate: RECOGNIZER_RATE,
      ...(this.#options.customVocabulary === undefined
        ? {}
        : { customVocabulary: this.#options.customVocabulary }),
      partialIntervalMs: 200,
    });
    // stop() may have run while the recogniser was starting.
    if ((this.#state as LiveSessionState) === 'stopped') {
      recognition.abort();
      return;
    }
    this.#recognition = recognition;
    this.#recognitionSub = recognition.events$.subscribe({
      next: (event) => this.#onRecognition(event),
      error: (error: unknown) => this.#fail(error),
    });
    this.#state = 'listening';
  }

  #elapsedSeconds(): number {
    return Math.max(0, (Date.now() - this.conversation.startMs) / 1000);
  }

  #enqueue(pcm: Int16Array): void {
    if (pcm.length === 0 || this.#failure !== undefined) return;
    if (this.#queuedSamples + pcm.length > MAX_QUEUED_SECONDS * RECOGNIZER_RATE) {
      this.#fail(
        new BufferOverflowError(
          `more than ${MAX_QUEUED_SECONDS} s of audio wait for recognition; push slower or wait for drained()`,
        ),
      );
      return;
    }
    this.#queue.push(pcm);
    this.#queuedSamples += pcm.length;
    this.#pumping ??= this.#pump().finally(() => {
      this.#pumping = undefined;
    });
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const recognition = this.#recognition;
        if (recognition === undefined) {
          // Paused or stopped: there is nothing to feed, and paused audio is ignored.
          this.#queue = [];
          this.#queuedSamples = 0;
          break;
        }
        const chunk = this.#queue.shift();
        if (chunk === undefined) break;
        await recognition.write(chunk);
        this.#fed += chunk.length;
        this.#queuedSamples -= chunk.length;
        if (this.#queuedSamples < (HIGH_WATER_SECONDS * RECOGNIZER_RATE) / 2) this.#wakeDrainWaiters();
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Writes what is queued, ends the recognition stream and waits for its last final. */
  async #finishRecognition(): Promise<void> {
    this.#enqueue(this.#decoder.flush());
    await this.#pumping;
    const recognition = this.#recognition;
    if (recognition === undefined) return;
    try {
      await recognition.end();
    } finally {
      this.#recognitionSub?.unsubscribe();
      this.#recognitionSub = undefined;
      this.#recognition = undefined;
    }
  }

  #onRecognition(event: RecognitionEvent): void {
    if (event.type === 'partial') {
      const text = event.text.trim();
      if (text === '' || text === this.#lastPartial || this.#options.interimResults === false) return;
      this.#lastPartial = text;
      this.#events.next({
        frame: recognitionResultFrame({ text }, false, this.#user(), this.#offset) as ServerMessage,
      });
      return;
    }
    this.#lastPartial = '';
    const { utterance } = event;
    if (utterance.text.trim() === '') return;
    const offset = this.#offset;
    this.#events.next({
      frame: recognitionResultFrame(utterance, true, this.#user(), offset) as ServerMessage,
    });
    const input: InputUtterance = {
      text: utterance.text,
      ...(this.#speaker === undefined ? {} : { speaker: this.#speaker }),
      start: utterance.start + offset,
      end: utterance.end + offset,
      words: utterance.words.map((w) => ({
        word: w.word,
        start: w.start + offset,
        end: w.end + offset,
        score: w.confidence,
      })),
      recognized: true,
    };
    try {
      const deltas = this.conversation.ingest(input, this.#frameOptions);
      const messages = deltas.find((d) => d.kind === 'messages');
      if (messages?.kind === 'messages') this.#memberId ??= messages.messages[0]?.from?.id;
    } catch (error) {
      this.#registry.logger.log('error', 'live.ingest_failed', {
        conversationId: this.conversationId,
        error,
      });
    }
  }

  /** A conversation result, narrowed to the insight types this session asked for. */
  #forward({ frame, seq }: LiveResult): void {
    if (this.#failure !== undefined) return;
    const narrowed = this.narrow(frame);
    if (narrowed !== undefined) this.#events.next({ frame: narrowed, seq });
  }

  /**
   * A conversation result as this session forwards it: insight frames keep only the insight
   * types the session asked for (undefined when none is left); other frames unchanged.
   */
  narrow(frame: ServerMessage): ServerMessage | undefined {
    if (frame.type !== 'insight_response') return frame;
    const insights = frame.insights.filter((i) => this.#insightTypes.has(i.type));
    return insights.length === 0 ? undefined : { ...frame, insights };
  }

  #user(): StreamingUser {
    const speaker = this.#options.speaker;
    return {
      ...(speaker?.userId === undefined ? {} : { userId: speaker.userId }),
      ...(speaker?.name === undefined ? {} : { name: speaker.name }),
      ...(this.#memberId === undefined ? {} : { id: this.#memberId }),
    };
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = error instanceof Error ? error : new Error(String(error));
    this.#registry.logger.log('error', 'live.session_failed', { conversationId: this.conversationId, error });
    this.#queue = [];
    this.#queuedSamples = 0;
    this.#events.error(error);
    void this.stop();
  }

  #wakeDrainWaiters(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * Live-session options from a resolved `start_request` (the WebSocket endpoints use this; any
 * other caller can too).
 */
export function liveSessionOptions(
  settings: StreamingSettings,
  ids: { conversationId: string; appId: string; defaultName: string },
): LiveSessionOptions {
  return {
    conversationId: ids.conversationId,
    appId: ids.appId,
    name: settings.meetingTitle ?? ids.defaultName,
    audio: settings.audio,
    languageCode: settings.languageCode,
    insightTypes: settings.insightTypes,
    speaker: settings.speaker,
    trackers: settings.trackers.inline,
    customVocabulary: settings.customVocabulary,
    confidenceThreshold: settings.confidenceThreshold,
    timezoneOffset: settings.timezoneOffset,
    sentiment: settings.sentiment,
    detectEntities: settings.detectEntities,
    interimResults: settings.interimResults,
  };
}

function engineSpeaker(speaker: StreamingSpeaker | undefined): EngineSpeaker | undefined {
  if (speaker === undefined) return undefined;
  const out: EngineSpeaker = {
    ...(speaker.userId === undefined ? {} : { userId: speaker.userId }),
    ...(speaker.name === undefined ? {} : { name: speaker.name }),
    ...(speaker.userId?.includes('@') ? { email: speaker.userId } : {}),
  };
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The recognition_result frame type, for callers that narrow `events$`. */
export type RecognitionResultFrame = SystemMessageOf<'recognition_result'>;
