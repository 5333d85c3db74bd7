import { type MonoTypeOperatorFunction, Observable } from 'rxjs';
import {
  type AudioChunk,
  type AudioFormat,
  bytesPerFrame,
  sameFormat,
  silenceBytes,
} from '../sources/AudioChunk.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';

/** Options of {@link frames}. */
export interface FramesOptions {
  /**
   * What happens to audio left over when the source completes or changes format: `emit` (default)
   * sends it as a last, shorter frame; `pad` completes it with silence; `drop` discards it.
   */
  remainder?: 'emit' | 'pad' | 'drop';
}

/**
 * Re-chunks audio into frames of `ms` milliseconds each (rounded to whole samples, at least one),
 * whatever sizes arrive. A format change ends the current frame (per `remainder`) and starts
 * framing in the new format. Holds at most one frame of audio.
 */
export function frames(ms: number, options: FramesOptions = {}): MonoTypeOperatorFunction<AudioChunk> {
  if (!(ms > 0) || !Number.isFinite(ms)) {
    throw new ValidationError('frames', [
      { path: 'ms', message: `must be a positive number of milliseconds, got ${ms}` },
    ]);
  }
  const remainder = options.remainder ?? 'emit';
  return (source) =>
    new Observable<AudioChunk>((subscriber) => {
      let format: AudioFormat | undefined;
      let frameBytes = 0;
      let carry: Buffer = Buffer.alloc(0);
      const endFrame = (): void => {
        if (!format || carry.length === 0) return;
        const left = carry;
        carry = Buffer.alloc(0);
        if (remainder === 'emit') subscriber.next({ data: left, format });
        if (remainder === 'pad') {
          const padding = silenceBytes(format, (frameBytes - left.length) / bytesPerFrame(format));
          subscriber.next({ data: Buffer.concat([left, padding]), format });
        }
      };
      return source.subscribe({
        next: (chunk) => {
          if (!format || !sameFormat(format, chunk.format)) {
            endFrame();
            format = chunk.format;
            frameBytes = Math.max(1, Math.round((format.sampleRate * ms) / 1000)) * bytesPerFrame(format);
          }
          const bytes = carry.length > 0 ? Buffer.concat([carry, chunk.data]) : chunk.data;
          let at = 0;
          for (; at + frameBytes <= bytes.length; at += frameBytes) {
            subscriber.next({ data: bytes.subarray(at, at + frameBytes), format });
          }
          carry = at === bytes.length ? Buffer.alloc(0) : Buffer.from(bytes.subarray(at));
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          endFrame();
          subscriber.complete();
        },
      });
    });
}
