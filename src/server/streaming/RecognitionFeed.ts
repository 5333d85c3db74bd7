import { type Observable, Subject, type Subscription } from 'rxjs';
import type { EndpointingSettings } from '../../engine/asr/endpointing/EndpointingSettings.ts';
import type { RecognitionEvent, RecognizedUtterance } from '../../engine/asr/RecognitionEvent.ts';
import type { RecognitionSession, Recognizer } from '../../engine/asr/Recognizer.ts';
import type { EngineSpeaker, InputUtterance } from '../../engine/nlp/EngineMessage.ts';
import type { StreamingAudioFormat } from '../../model/streamingSettings.ts';
import { AudioBacklog } from './AudioBacklog.ts';
import { RECOGNIZER_RATE, StreamAudioDecoder } from './StreamAudioDecoder.ts';

/**
 * How a live utterance ends: the decoder's endpointer with its default settings (0.18 s of
 * silence when the words look like a finished sentence, 0.4 s otherwise, and a cut where a
 * different voice takes over). The fixed 0.25 s hangover used before put finals 0.39-0.44 s (P50)
 * after a turn's speech ended and ran turns 0.2 s apart together into one final; the
 * endpointer's numbers are in bench/endpointing.results.md and bench/live.results.md.
 */
const LIVE_ENDPOINTING: EndpointingSettings = {};
/**
 * Narrowband audio (telephone calls, 8 kHz streams) keeps pocketsphinx's flat second pass: without
 * it a call's live transcript had 5 points more word errors than the same audio recognised as a
 * file (0.439 against 0.386 on the sipp call fixture; 0.368 with it), against about a point on 16 kHz audio; the
 * pass costs about 0.1 s of CPU per final.
 */
const NARROWBAND_ENDPOINTING: EndpointingSettings = { flatPass: true };
/** Streams at this rate or below are narrowband. */
const NARROWBAND_HERTZ = 8000;

/** A recognition event, and where its recognition stream's time 0 sits on the conversation's clock. */
export interface TimedRecognitionEvent {
  event: RecognitionEvent;
  /** Seconds from the conversation's start to the recognition stream's time 0. */
  offset: number;
}

/**
 * The audio path of one speaker stream: audio decoded to 16 kHz PCM, the bounded
 * {@link AudioBacklog}, and the recognition stream it is written to, one chunk at a time. A
 * recognition stream runs from `start()` to `finish()` (a pause ends it; a resume starts the
 * next); its time 0 sits where the previous one's audio ended, or at the wall-clock time it
 * started when that is later, so audio pushed faster than real time keeps its own timeline.
 * Audio pushed while no recognition stream runs has nowhere to go and is dropped.
 */
export class RecognitionFeed {
  readonly #recognizer: Recognizer;
  readonly #customVocabulary: readonly string[] | undefined;
  readonly #backlog = new AudioBacklog();
  readonly #events = new Subject<TimedRecognitionEvent>();
  #decoder: StreamAudioDecoder;
  #recognition: RecognitionSession | undefined;
  #recognitionSub: Subscription | undefined;
  #pumping: Promise<void> | undefined;
  /** Seconds from the conversation start where the current recognition stream's time 0 sits. */
  #offset = 0;
  /** Samples written to the current recognition stream. */
  #fed = 0;
  #failed = false;

  /** @throws UnsupportedMediaError for an encoding the live path cannot decode. */
  constructor(format: StreamingAudioFormat, recognizer: Recognizer, customVocabulary?: readonly string[]) {
    this.#decoder = new StreamAudioDecoder(format);
    this.#recognizer = recognizer;
    this.#customVocabulary = customVocabulary;
  }

  /**
   * Every recognition event, in order, across recognition streams. Errors (once) when recognition
   * fails, or with BufferOverflowError when the backlog overflows; nothing is fed after that.
   */
  get events$(): Observable<TimedRecognitionEvent> {
    return this.#events.asObservable();
  }

  /** The format of pushed audio. */
  get format(): StreamingAudioFormat {
    return this.#decoder.format;
  }

  /** Queues PCM at the format's rate; false past the backlog's high-water mark. */
  pushPcm(pcm: Int16Array): boolean {
    this.#enqueue(this.#decoder.resample(pcm));
    return this.#backlog.belowHighWater;
  }

  /** Queues audio bytes in the format's encoding; false past the backlog's high-water mark. */
  pushEncoded(bytes: Uint8Array): boolean {
    this.#enqueue(this.#decoder.decode(bytes));
    return this.#backlog.belowHighWater;
  }

  /** Resolves when the backlog is below half its high-water mark, or the feed is closed. */
  drained(): Promise<void> {
    return this.#backlog.drained();
  }

  /**
   * Audio pushed from now on is in `format`; audio already queued keeps its conversion.
   * @throws UnsupportedMediaError for an encoding the live path cannot decode.
   */
  setFormat(format: StreamingAudioFormat): void {
    const next = new StreamAudioDecoder(format);
    this.#enqueue(this.#decoder.flush());
    this.#decoder = next;
  }

  /**
   * Opens the next recognition stream, at `atSeconds` on the conversation's clock at the earliest.
   * When `cancelled()` is true once the recogniser is ready, it is closed again and this resolves
   * false.
   */
  async start(atSeconds: number, cancelled: () => boolean): Promise<boolean> {
    this.#offset = Math.max(this.#offset + this.#fed / RECOGNIZER_RATE, atSeconds);
    this.#fed = 0;
    const recognition = await this.#recognizer.open({
      sampleRate: RECOGNIZER_RATE,
      customVocabulary: this.#customVocabulary,
      partialIntervalMs: 200,
      endpointing:
        this.#decoder.format.sampleRateHertz <= NARROWBAND_HERTZ ? NARROWBAND_ENDPOINTING : LIVE_ENDPOINTING,
    });
    if (cancelled()) {
      recognition.abort();
      return false;
    }
    const offset = this.#offset;
    this.#recognition = recognition;
    this.#recognitionSub = recognition.events$.subscribe({
      next: (event) => this.#events.next({ event, offset }),
      error: (error: unknown) => this.#fail(error),
    });
    return true;
  }

  /** Writes what is queued, ends the recognition stream and waits for its last final. */
  async finish(): Promise<void> {
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

  /**
   * Stops at once: the recognition stream is aborted, queued audio is dropped, `drained()` waiters
   * go on, `events$` completes. Idempotent.
   */
  close(): void {
    this.#recognitionSub?.unsubscribe();
    this.#recognition?.abort();
    this.#backlog.clear();
    this.#backlog.wakeAll();
    if (!this.#failed) this.#events.complete();
  }

  #enqueue(pcm: Int16Array): void {
    if (pcm.length === 0 || this.#failed) return;
    try {
      this.#backlog.push(pcm);
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#pumping ??= this.#pump().finally(() => {
      this.#pumping = undefined;
    });
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const recognition = this.#recognition;
        if (recognition === undefined) {
          // No recognition stream (paused or stopped): the audio has nowhere to go.
          this.#backlog.clear();
          break;
        }
        const chunk = this.#backlog.next();
        if (chunk === undefined) break;
        await recognition.write(chunk);
        this.#fed += chunk.length;
        this.#backlog.written(chunk.length);
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#backlog.clear();
    this.#events.error(error);
  }
}

/** A final utterance of a recognition stream whose time 0 is `offset`, timed on the conversation's clock. */
export function onConversationClock(
  utterance: RecognizedUtterance,
  offset: number,
  speaker: EngineSpeaker | undefined,
): InputUtterance {
  return {
    text: utterance.text,
    speaker,
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
}
