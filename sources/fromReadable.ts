import type { Readable } from 'node:stream';
import { Observable } from 'rxjs';
import { AudioSourceError } from '../src/errors/AudioSourceError.ts';
import { BufferOverflowError } from '../src/errors/BufferOverflowError.ts';
import { ConflictError } from '../src/errors/ConflictError.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';
import {
  type AudioChunk,
  type AudioFormat,
  bytesPerFrame,
  checkAudioFormat,
  SPEECH_FORMAT,
} from './AudioChunk.ts';
import type { OverflowPolicy } from './OverflowPolicy.ts';
import { toSourceError } from './toSourceError.ts';

/** Options of {@link fromReadable}. */
export interface FromReadableOptions {
  /** What the bytes are (default 16 kHz mono s16le). */
  format?: AudioFormat;
  /**
   * Bound of the queue between the stream and the subscriber, in bytes (default 1 MiB). The
   * stream is paused when the queue holds half of it and resumed when it falls to a quarter.
   */
  maxBufferedBytes?: number | undefined;
  /**
   * What happens when a stream that ignores `pause()` overfills the queue anyway: `error`
   * (default) fails with BufferOverflowError, `drop-oldest` discards the oldest queued audio.
   */
  overflow?: OverflowPolicy;
  /**
   * The consumer's lag signal: while it last emitted `true`, nothing is delivered, the queue
   * fills and the stream is paused. Use it to let a slow sink (a socket's `bufferedAmount`, a
   * pacer) hold back the source instead of buffering without bound.
   */
  paused?: Observable<boolean> | undefined;
  /** Names the source in error messages (default `audio stream`). */
  name?: string;
}

const DEFAULT_MAX_BUFFERED = 1 << 20;
const consumed = new WeakSet<Readable>();

/**
 * Audio from a Node Readable of raw PCM bytes. Pass a factory to get a truly cold source (one
 * stream per subscription); a stream instance can be subscribed to once (a second subscription
 * errors with ConflictError).
 *
 * Chunks are cut on whole sample frames (a trailing partial frame at the end is dropped) and
 * delivered one per event-loop turn from a bounded queue, so a subscriber that lags (slow
 * synchronous work, or `paused` emitting true) pauses the stream rather than growing memory.
 * Stream errors, and a stream closing without ending, become typed ParleyErrors, delivered after
 * the audio queued before them. Unsubscribing destroys the stream, even one that never emitted.
 */
export function fromReadable(
  readable: Readable | (() => Readable),
  options: FromReadableOptions = {},
): Observable<AudioChunk> {
  const format = checkAudioFormat(options.format ?? SPEECH_FORMAT);
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  if (!Number.isInteger(maxBuffered) || maxBuffered < 4 * bytesPerFrame(format)) {
    throw new ValidationError('fromReadable options', [
      {
        path: 'maxBufferedBytes',
        message: `must be an integer of at least 4 sample frames, got ${maxBuffered}`,
      },
    ]);
  }
  const overflow = options.overflow ?? 'error';
  const name = options.name ?? 'audio stream';
  const frame = bytesPerFrame(format);

  return new Observable<AudioChunk>((subscriber) => {
    let stream: Readable;
    if (typeof readable === 'function') {
      stream = readable();
    } else {
      if (consumed.has(readable)) {
        subscriber.error(
          new ConflictError(
            `${name} was already subscribed to; pass a factory to fromReadable for a cold source`,
          ),
        );
        return;
      }
      stream = readable;
    }
    consumed.add(stream);

    const queue: Buffer[] = [];
    let queued = 0;
    let carry: Buffer = Buffer.alloc(0);
    let ended = false;
    let failure: unknown;
    let pausedByUs = false;
    let consumerPaused = false;
    let tick: NodeJS.Immediate | undefined;
    let closed = false;

    const fail = (error: unknown): void => {
      if (closed) return;
      closed = true;
      subscriber.error(error);
    };
    const schedule = (): void => {
      if (tick === undefined && !closed) tick = setImmediate(deliver);
    };
    const deliver = (): void => {
      tick = undefined;
      if (closed || consumerPaused) return;
      const next = queue.shift();
      if (next) {
        queued -= next.length;
        subscriber.next({ data: next, format });
      }
      if (pausedByUs && queued <= maxBuffered / 4 && !ended) {
        pausedByUs = false;
        stream.resume();
      }
      if (queue.length > 0) schedule();
      else if (failure !== undefined) fail(failure);
      else if (ended && !closed) {
        closed = true;
        subscriber.complete();
      }
    };

    const onData = (data: Buffer | Uint8Array | string): void => {
      const bytes =
        typeof data === 'string' ? Buffer.from(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      const joined = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
      const whole = joined.length - (joined.length % frame);
      carry = whole === joined.length ? Buffer.alloc(0) : Buffer.from(joined.subarray(whole));
      if (whole === 0) return;
      queue.push(joined.subarray(0, whole));
      queued += whole;
      if (queued >= maxBuffered / 2 && !pausedByUs) {
        pausedByUs = true;
        stream.pause();
      }
      while (queued > maxBuffered) {
        if (overflow === 'error') {
          fail(
            new BufferOverflowError(
              `${name} kept producing after being paused: more than ${maxBuffered} bytes queued`,
            ),
          );
          return;
        }
        queued -= queue.shift()?.length ?? 0;
      }
      schedule();
    };
    const onEnd = (): void => {
      ended = true;
      schedule();
    };
    const onError = (error: unknown): void => {
      if (failure === undefined) failure = toSourceError(error, name);
      ended = true;
      schedule();
    };
    const onClose = (): void => {
      if (!ended) onError(new AudioSourceError(`${name} closed before it ended`));
    };

    const pausedSubscription = options.paused?.subscribe({
      next: (paused) => {
        consumerPaused = paused;
        if (!paused) schedule();
      },
      error: (error: unknown) => fail(error),
    });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
    if (stream.readableEnded) onEnd();
    else if (stream.destroyed)
      onError(stream.errored ?? new AudioSourceError(`${name} was destroyed before it was read`));

    return () => {
      closed = true;
      if (tick !== undefined) clearImmediate(tick);
      pausedSubscription?.unsubscribe();
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      stream.off('error', onError);
      // Errors raised while the stream tears down have no one left to hear them.
      stream.on('error', () => {});
      stream.destroy();
    };
  });
}
