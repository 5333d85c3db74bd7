import {
  asyncScheduler,
  type MonoTypeOperatorFunction,
  Observable,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { type AudioChunk, durationMs } from '../sources/AudioChunk.ts';
import type { OverflowPolicy } from '../sources/OverflowPolicy.ts';
import { BufferOverflowError } from '../src/errors/BufferOverflowError.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';

/** Options of {@link realtime}. */
export interface RealtimeOptions {
  /** Clock to pace against (default asyncScheduler; a TestScheduler in marble tests). */
  scheduler?: SchedulerLike;
  /**
   * When a chunk is released: at the `end` (default) of its span on the audio timeline, as a
   * microphone delivers it, or at its `start`.
   */
  release?: 'start' | 'end';
  /** Most audio held waiting for its time, in ms (default 60000). */
  maxQueuedMs?: number;
  /** When more arrives: `error` (default) with BufferOverflowError, or `drop-oldest` queued audio. */
  overflow?: OverflowPolicy;
  /**
   * Told `true` when half of `maxQueuedMs` is waiting and `false` once it falls to a quarter: pass
   * the same subject as `fromReadable`'s `paused` option and the pacer holds the stream back
   * instead of queueing (or overflowing).
   */
  lag?: { next(lagging: boolean): void };
}

/**
 * Paces audio to the wall clock: the audio timeline starts when the first chunk arrives, and each
 * chunk is released when the clock reaches its end (or start). Chunks that arrive late (the source
 * is slower than real time) pass at once; early ones wait in a bounded queue. Completion waits for
 * the queue; errors pass at once. For long files prefer `fromFile(path, { realtime: true })`,
 * which paces by pulling and so needs no queue.
 */
export function realtime(options: RealtimeOptions = {}): MonoTypeOperatorFunction<AudioChunk> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const maxQueuedMs = options.maxQueuedMs ?? 60_000;
  if (!(maxQueuedMs > 0)) {
    throw new ValidationError('realtime options', [
      { path: 'maxQueuedMs', message: `must be positive, got ${maxQueuedMs}` },
    ]);
  }
  const atEnd = (options.release ?? 'end') === 'end';
  const overflow = options.overflow ?? 'error';
  return (source) =>
    new Observable<AudioChunk>((subscriber) => {
      let start: number | undefined;
      let timelineMs = 0;
      let queuedMs = 0;
      const queue: { chunk: AudioChunk; due: number; ms: number }[] = [];
      let wakeUp: Subscription | undefined;
      let sourceDone = false;
      let lagging = false;
      const signalLag = (): void => {
        if (!options.lag) return;
        if (!lagging && queuedMs >= maxQueuedMs / 2) {
          lagging = true;
          options.lag.next(true);
        } else if (lagging && queuedMs <= maxQueuedMs / 4) {
          lagging = false;
          options.lag.next(false);
        }
      };
      const drain = (): void => {
        wakeUp = undefined;
        const now = scheduler.now();
        while (queue.length > 0 && (queue[0]?.due as number) <= now) {
          const item = queue.shift() as (typeof queue)[number];
          queuedMs -= item.ms;
          subscriber.next(item.chunk);
        }
        signalLag();
        const head = queue[0];
        if (head) wakeUp = scheduler.schedule(drain, head.due - now);
        else if (sourceDone) subscriber.complete();
      };
      const upstream = source.subscribe({
        next: (chunk) => {
          const now = scheduler.now();
          if (start === undefined) start = now;
          const ms = durationMs(chunk);
          const due = start + timelineMs + (atEnd ? ms : 0);
          timelineMs += ms;
          queue.push({ chunk, due, ms });
          queuedMs += ms;
          while (queuedMs > maxQueuedMs && queue.length > 1) {
            if (overflow === 'error') {
              subscriber.error(
                new BufferOverflowError(
                  `realtime(): more than ${maxQueuedMs} ms of audio waiting to be paced`,
                ),
              );
              return;
            }
            queuedMs -= queue.shift()?.ms ?? 0;
          }
          signalLag();
          if (!wakeUp) drain();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          if (!wakeUp) drain();
        },
      });
      return () => {
        upstream.unsubscribe();
        wakeUp?.unsubscribe();
      };
    });
}
