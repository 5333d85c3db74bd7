import { Observable, type OperatorFunction } from 'rxjs';
import {
  type AudioChunk,
  type AudioFormat,
  chunkFromFloat32,
  linearEncoding,
  sameFormat,
  toFloat32,
} from '../sources/AudioChunk.ts';
import { Resampler } from '../src/engine/audio/Resampler.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';

/**
 * Converts audio to `sampleRate` Hz with the engine's band-limited streaming resampler (one per
 * channel; anti-aliased when downsampling). N input frames at rate r become exactly
 * ceil(N * sampleRate / r) output frames once the source completes. Linear encodings are kept;
 * G.711 becomes s16le. Audio already at `sampleRate` in a linear encoding passes through untouched.
 * A format change flushes the previous resampler first.
 */
export function resample(sampleRate: number): OperatorFunction<AudioChunk, AudioChunk> {
  if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 768_000) {
    throw new ValidationError('resample', [
      { path: 'sampleRate', message: `must be an integer from 1000 to 768000 Hz, got ${sampleRate}` },
    ]);
  }
  return (source) =>
    new Observable<AudioChunk>((subscriber) => {
      let input: AudioFormat | undefined;
      let resamplers: Resampler[] = [];
      const emit = (channels: Float32Array[], from: AudioFormat): void => {
        const frames = channels[0]?.length ?? 0;
        if (frames === 0) return;
        const count = channels.length;
        const interleaved = new Float32Array(frames * count);
        for (let c = 0; c < count; c += 1) {
          const samples = channels[c] as Float32Array;
          for (let i = 0; i < frames; i += 1) interleaved[i * count + c] = samples[i] as number;
        }
        const encoding = linearEncoding(from.encoding);
        subscriber.next(chunkFromFloat32(interleaved, { sampleRate, channels: count, encoding }));
      };
      const flush = (): void => {
        if (input && resamplers.length > 0)
          emit(
            resamplers.map((r) => r.flush()),
            input,
          );
      };
      return source.subscribe({
        next: (chunk) => {
          const { format } = chunk;
          if (format.sampleRate === sampleRate && format.encoding === linearEncoding(format.encoding)) {
            if (input && !sameFormat(input, format)) flush();
            input = format;
            resamplers = [];
            subscriber.next(chunk);
            return;
          }
          if (!input || !sameFormat(input, format)) {
            flush();
            input = format;
            resamplers = Array.from(
              { length: format.channels },
              () => new Resampler(format.sampleRate, sampleRate),
            );
          }
          const interleaved = toFloat32(chunk);
          const count = format.channels;
          const frames = interleaved.length / count;
          const outputs = resamplers.map((resampler, c) => {
            const channel = new Float32Array(frames);
            for (let i = 0; i < frames; i += 1) channel[i] = interleaved[i * count + c] as number;
            return resampler.push(channel);
          });
          emit(outputs, format);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
    });
}
