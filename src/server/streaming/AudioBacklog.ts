import { BufferOverflowError } from '../../errors/BufferOverflowError.ts';
import { RECOGNIZER_RATE } from './StreamAudioDecoder.ts';

/** Past this much queued audio `push` answers false: the caller should wait for `drained()`. */
export const HIGH_WATER_SECONDS = 10;
/**
 * Past this `push` throws BufferOverflowError (overflow policy: error, nothing dropped). A socket
 * stops reading at the high-water mark, so only a caller that ignores it (or one frame of many
 * seconds) gets here; the bound keeps one stream's queue to a few MB.
 */
export const MAX_QUEUED_SECONDS = 60;

/**
 * The audio of one speaker stream waiting for the recogniser: 16 kHz PCM chunks in order, each
 * counted until it has been written. Bounded twice: past the high-water mark (10 s) `push`
 * answers false so the caller stops reading its source until `drained()` resolves (below half the
 * mark); past 60 s it refuses the chunk with BufferOverflowError. No I/O: the owner takes chunks
 * with `next()` and reports each written one with `written()`.
 */
export class AudioBacklog {
  #chunks: Int16Array[] = [];
  #samples = 0;
  #drainWaiters: Array<() => void> = [];

  /** Samples queued or being written. */
  get samples(): number {
    return this.#samples;
  }

  /** Whether the queue is below the high-water mark. */
  get belowHighWater(): boolean {
    return this.#samples < HIGH_WATER_SECONDS * RECOGNIZER_RATE;
  }

  /**
   * Queues a chunk; answers whether the queue is still below the high-water mark.
   * @throws BufferOverflowError when the chunk would take it past the maximum (nothing is queued).
   */
  push(pcm: Int16Array): boolean {
    if (this.#samples + pcm.length > MAX_QUEUED_SECONDS * RECOGNIZER_RATE) {
      throw new BufferOverflowError(
        `more than ${MAX_QUEUED_SECONDS} s of audio wait for recognition; push slower or wait for drained()`,
      );
    }
    this.#chunks.push(pcm);
    this.#samples += pcm.length;
    return this.belowHighWater;
  }

  /** The oldest chunk, taken off the queue; it still counts until {@link written}. */
  next(): Int16Array | undefined {
    return this.#chunks.shift();
  }

  /** A chunk taken with `next()` was written: it no longer counts, and waiters may go on. */
  written(samples: number): void {
    // A clear() while the chunk was being written has already uncounted it.
    this.#samples = Math.max(0, this.#samples - samples);
    if (this.#isDrained()) this.wakeAll();
  }

  /** Drops everything queued (paused, stopped or failed: the audio has nowhere to go). */
  clear(): void {
    this.#chunks = [];
    this.#samples = 0;
  }

  /** Resolves once the queue is below half the high-water mark, or `wakeAll()` is called. */
  drained(): Promise<void> {
    if (this.#isDrained()) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  /** Releases every `drained()` waiter (the stream ended: there is nothing more to wait for). */
  wakeAll(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
  }

  #isDrained(): boolean {
    return this.#samples < (HIGH_WATER_SECONDS * RECOGNIZER_RATE) / 2;
  }
}
