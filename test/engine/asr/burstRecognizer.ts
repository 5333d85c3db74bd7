import { Observable, Subject } from 'rxjs';
import type { RecognitionEvent, RecognizedWord } from '../../../src/engine/asr/RecognitionEvent.ts';
import type {
  PiecewiseCapacity,
  RecognitionSession,
  Recognizer,
} from '../../../src/engine/asr/Recognizer.ts';
import type { RecognizerOptions } from '../../../src/engine/asr/RecognizerOptions.ts';

/** 10 ms frames at 16 kHz. */
const FRAME = 160;
/** A frame with a sample at least this loud is sound. */
const LOUD = 500;

/** How a {@link BurstRecognizer} segments its streams. */
export interface BurstRecognizerSettings {
  /** Streams at once. */
  slots: number;
  /** Silent frames that close an utterance. */
  hangoverFrames: number;
  /** Longest utterance, in seconds; a longer one is cut (like pocketsphinx's). */
  maxUtteranceSeconds: number;
  warmUpSeconds: number;
  /**
   * Whether streams honour RecognizerOptions.listenOnlySeconds (they then give no events until
   * the first utterance end after it); warmUpSeconds must then be at least maxUtteranceSeconds.
   */
  listens?: boolean;
}

/**
 * A recogniser for tests of piecewise recognition: it hears every run of loud 10 ms frames as one
 * word named after the run's loudness (`w3` for a peak of about 3000) and closes an utterance
 * after `hangoverFrames` silent frames, or when it reaches the longest utterance. It has no state
 * that adapts to the audio, so a stream started at any frame boundary hears what one long stream
 * hears there; it counts the streams open at once.
 */
export class BurstRecognizer implements Recognizer {
  readonly name = 'bursts';
  readonly piecewise: PiecewiseCapacity;
  open$ = 0;
  mostOpen = 0;
  opened = 0;
  /** The options of every stream opened, in order. */
  readonly options: RecognizerOptions[] = [];

  constructor(readonly settings: BurstRecognizerSettings) {
    this.piecewise = {
      slots: settings.slots,
      idle: () => this.open$ < settings.slots,
      alignment: FRAME,
      warmUpSeconds: settings.warmUpSeconds,
      maxUtteranceSeconds: settings.maxUtteranceSeconds,
      listens: settings.listens === true,
    };
  }

  recognize(pcm$: Observable<Int16Array>): Observable<RecognitionEvent> {
    return new Observable((subscriber) => {
      const stream = new BurstStream(this.settings);
      return pcm$.subscribe({
        next: (pcm) => {
          for (const e of stream.push(pcm)) subscriber.next(e);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          for (const e of stream.finish()) subscriber.next(e);
          subscriber.complete();
        },
      });
    });
  }

  async open(options: RecognizerOptions = {}): Promise<RecognitionSession> {
    this.options.push(options);
    const events = new Subject<RecognitionEvent>();
    const stream = new BurstStream(
      this.settings,
      this.settings.listens === true ? Math.round((options.listenOnlySeconds ?? 0) * 100) : 0,
    );
    this.opened += 1;
    this.open$ += 1;
    this.mostOpen = Math.max(this.mostOpen, this.open$);
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      this.open$ -= 1;
      events.complete();
    };
    return {
      events$: events.asObservable(),
      write: async (pcm) => {
        // A turn of the event loop, as a worker would take.
        await new Promise((resolve) => setImmediate(resolve));
        if (closed) return;
        for (const e of stream.push(pcm)) events.next(e);
      },
      end: async () => {
        if (closed) return;
        for (const e of stream.finish()) events.next(e);
        close();
      },
      abort: close,
    };
  }
}

class BurstStream {
  #frame = 0;
  readonly #partial = new Int16Array(FRAME);
  #partialLength = 0;
  #words: RecognizedWord[] = [];
  #word: { start: number; peak: number } | undefined;
  #silent = 0;
  #utteranceStart = 0;

  /** `listenFrames`: frames to listen to before recognising (see RecognizerOptions.listenOnlySeconds). */
  constructor(
    readonly settings: BurstRecognizerSettings,
    private listenFrames = 0,
  ) {}

  /** Whether the stream is still only listening: its events are dropped. */
  get #listening(): boolean {
    return this.listenFrames > 0;
  }

  push(pcm: Int16Array): RecognitionEvent[] {
    const events: RecognitionEvent[] = [];
    for (const sample of pcm) {
      this.#partial[this.#partialLength] = sample;
      this.#partialLength += 1;
      if (this.#partialLength === FRAME) {
        this.#partialLength = 0;
        this.#judge(events);
      }
    }
    return events;
  }

  finish(): RecognitionEvent[] {
    const events: RecognitionEvent[] = [];
    this.#closeWord();
    this.#final(events);
    return events;
  }

  #judge(events: RecognitionEvent[]): void {
    let peak = 0;
    for (const x of this.#partial) peak = Math.max(peak, Math.abs(x));
    if (peak >= LOUD) {
      if (this.#word === undefined) {
        this.#word = { start: this.#frame, peak };
        if (!this.#listening)
          events.push({ type: 'partial', text: 'sound', start: this.#utteranceStart / 100 });
      }
      this.#silent = 0;
    } else {
      this.#closeWord();
      this.#silent += 1;
      if (this.#words.length > 0 && this.#silent >= this.settings.hangoverFrames) this.#final(events);
    }
    this.#frame += 1;
    if (this.#frame - this.#utteranceStart >= this.settings.maxUtteranceSeconds * 100) this.#final(events);
  }

  #closeWord(): void {
    if (this.#word === undefined) return;
    this.#words.push({
      word: `w${Math.round(this.#word.peak / 1000)}`,
      start: this.#word.start / 100,
      end: this.#frame / 100,
      confidence: 1,
    });
    this.#word = undefined;
  }

  #final(events: RecognitionEvent[]): void {
    const words = this.#words;
    this.#words = [];
    this.#utteranceStart = this.#frame;
    const listened = this.#listening;
    if (this.#frame >= this.listenFrames) this.listenFrames = 0;
    if (words.length === 0 || listened) return;
    events.push({
      type: 'final',
      utterance: {
        text: words.map((w) => w.word).join(' '),
        start: (words[0] as RecognizedWord).start,
        end: (words[words.length - 1] as RecognizedWord).end,
        confidence: 1,
        words,
      },
    });
  }
}

/** A tone burst's samples: a square wave of `peak` for `samples`. */
export function burst(samples: number, peak: number): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i += 1) out[i] = i % 2 === 0 ? peak : -peak;
  return out;
}
