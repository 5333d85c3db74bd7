import type { OverflowPolicy } from '../../sources/OverflowPolicy.ts';
import { BufferOverflowError } from '../errors/BufferOverflowError.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import type { AudioSegment } from './AudioSegment.ts';

/** Options of {@link SendQueue}. */
export interface SendQueueOptions {
  /** Most audio waiting to be handed to the socket, in ms. */
  maxQueuedMs: number;
  overflow: OverflowPolicy;
}

/**
 * Audio waiting for the socket: before the server has said `started_listening` (audio sent earlier
 * would be discarded), and while the socket's own buffer is above its high-water mark.
 * Bounded by duration with a stated overflow policy; {@link lagging} turns on at half the bound
 * and off at a quarter, so a source that can pause (fromReadable's `paused`) is held back before
 * the bound is reached.
 */
export class SendQueue {
  readonly #items: AudioSegment[] = [];
  readonly #options: SendQueueOptions;
  #queuedMs = 0;
  #droppedMs = 0;
  #lagging = false;

  constructor(options: SendQueueOptions) {
    if (!(options.maxQueuedMs > 0)) {
      throw new ValidationError('streaming send buffer', [
        { path: 'maxQueuedMs', message: `must be positive, got ${options.maxQueuedMs}` },
      ]);
    }
    this.#options = options;
  }

  /** Milliseconds of audio queued. */
  get queuedMs(): number {
    return this.#queuedMs;
  }

  /** Milliseconds of audio discarded by the `drop-oldest` policy so far. */
  get droppedMs(): number {
    return this.#droppedMs;
  }

  get length(): number {
    return this.#items.length;
  }

  /** True from half-full until the queue drains to a quarter (hysteresis). */
  get lagging(): boolean {
    return this.#lagging;
  }

  /**
   * Queues a segment at the back. Over the bound, `error` throws BufferOverflowError (the segment
   * is not queued) and `drop-oldest` discards the oldest audio not yet sent; a lone segment longer
   * than the bound is still accepted so that audio always moves.
   */
  push(segment: AudioSegment): void {
    const { maxQueuedMs, overflow } = this.#options;
    if (this.#queuedMs + segment.ms > maxQueuedMs && this.#items.length > 0) {
      if (overflow === 'error') {
        throw new BufferOverflowError(
          `streamingSession(): more than ${maxQueuedMs} ms of audio waiting to be sent: the server or network is slower than the audio source. Pace the source (fromFile(path, { realtime: true }) or realtime()), pass sendBuffer.lag to the source's paused option, choose sendBuffer.overflow 'drop-oldest', or raise sendBuffer.maxQueuedMs`,
        );
      }
      // Audio queued again for replay (already placed on the byte timeline) is never dropped: the
      // server's byte count of the stream must keep matching the client's.
      let oldest = this.#items.findIndex((s) => s.startByte < 0);
      while (oldest >= 0 && this.#queuedMs + segment.ms > maxQueuedMs) {
        const [dropped] = this.#items.splice(oldest, 1) as [AudioSegment];
        this.#queuedMs -= dropped.ms;
        this.#droppedMs += dropped.ms;
        oldest = this.#items.findIndex((s, i) => i >= oldest && s.startByte < 0);
      }
    }
    this.#items.push(segment);
    this.#queuedMs += segment.ms;
    this.#updateLag();
  }

  /** Puts segments back at the front, in order (replay after a reconnection); never overflows. */
  unshift(segments: readonly AudioSegment[]): void {
    this.#items.unshift(...segments);
    for (const s of segments) this.#queuedMs += s.ms;
    this.#updateLag();
  }

  /** The front segment, without removing it. */
  peek(): AudioSegment | undefined {
    return this.#items[0];
  }

  /** Removes and returns the front segment. */
  shift(): AudioSegment | undefined {
    const item = this.#items.shift();
    if (item) this.#queuedMs -= item.ms;
    this.#updateLag();
    return item;
  }

  #updateLag(): void {
    const { maxQueuedMs } = this.#options;
    if (!this.#lagging && this.#queuedMs >= maxQueuedMs / 2) this.#lagging = true;
    else if (this.#lagging && this.#queuedMs <= maxQueuedMs / 4) this.#lagging = false;
  }
}
