import type { AudioChunk } from '../../sources/AudioChunk.ts';
import type { OverflowPolicy } from '../../sources/OverflowPolicy.ts';
import type { AudioSegment } from './AudioSegment.ts';
import { SendQueue } from './SendQueue.ts';
import { type WireAudioFormat, wireBytesOf, wireBytesPerSecond, wireFormatOf } from './wireAudio.ts';

/** What `start_request` declares when the audio ended before any chunk came. */
const DEFAULT_FORMAT: WireAudioFormat = { encoding: 'LINEAR16', sampleRateHertz: 16000 };

/** Options of {@link AudioOutbox}. */
export interface AudioOutboxOptions {
  maxQueuedMs: number;
  overflow: OverflowPolicy;
  /** Told `true` when the queue is half full and `false` when it is back to a quarter. */
  lag?: { next(lagging: boolean): void } | undefined;
  /** The format declared in the options, used until the first chunk says otherwise. */
  declaredFormat?: WireAudioFormat | undefined;
}

/**
 * The session's audio that no socket has taken yet: each chunk converted to its wire format and
 * placed on the session's millisecond timeline, waiting in a bounded {@link SendQueue}; the format
 * `start_request` should declare; whether the source has completed; and the lag signal a source
 * that can pause listens to. Knows nothing of sockets.
 */
export class AudioOutbox {
  readonly #queue: SendQueue;
  readonly #lag: AudioOutboxOptions['lag'];
  #lagging = false;
  #timelineMs = 0;
  #lastFormat: WireAudioFormat | undefined;
  #done = false;

  constructor(options: AudioOutboxOptions) {
    this.#queue = new SendQueue({ maxQueuedMs: options.maxQueuedMs, overflow: options.overflow });
    this.#lag = options.lag;
    this.#lastFormat = options.declaredFormat;
  }

  /**
   * Queues a chunk in its wire format. Throws ValidationError for audio no stream can carry and
   * BufferOverflowError when the queue is full under the `error` policy.
   */
  add(chunk: AudioChunk): void {
    const format = wireFormatOf(chunk.format);
    const bytes = wireBytesOf(chunk, format);
    const ms = (bytes.length * 1000) / wireBytesPerSecond(format);
    this.#queue.push({ bytes, format, startMs: this.#timelineMs, startByte: -1, ms });
    this.#timelineMs += ms;
    this.#lastFormat = format;
  }

  /** The audio source completed: once the queue drains, the session may stop. */
  complete(): void {
    this.#done = true;
  }

  /** True when the source has completed and every chunk has been taken. */
  get drained(): boolean {
    return this.#done && this.#queue.length === 0;
  }

  /**
   * The format `start_request` declares: the next segment's, else the last one seen (or declared
   * in the options); LINEAR16 at 16 kHz when the audio ended without any. Undefined while unknown:
   * the start waits for the first chunk.
   */
  get startFormat(): WireAudioFormat | undefined {
    const format = this.#queue.peek()?.format ?? this.#lastFormat;
    return format ?? (this.#done ? DEFAULT_FORMAT : undefined);
  }

  /** Takes the next segment to send. */
  next(): AudioSegment | undefined {
    return this.#queue.shift();
  }

  /** Puts audio to send again (a replay after a reconnection) in front of the queue. */
  requeue(segments: readonly AudioSegment[]): void {
    this.#queue.unshift(segments);
  }

  /** Tells the `lag` listener when the queue's lagging state has changed since it was last told. */
  signalLag(): void {
    if (this.#lag && this.#queue.lagging !== this.#lagging) {
      this.#lagging = this.#queue.lagging;
      this.#lag.next(this.#lagging);
    }
  }
}
