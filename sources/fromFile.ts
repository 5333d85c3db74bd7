import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';
import { decodeAudio } from '../src/engine/audio/decodeAudio.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';
import type { AudioChunk, AudioFormat } from './AudioChunk.ts';
import { toSourceError } from './toSourceError.ts';

/** Options of {@link fromFile}. */
export interface FromFileOptions {
  /** Pace chunks to the wall clock, as a microphone would deliver them (default false: as fast as decoded). */
  realtime?: boolean;
  /** Output rate in Hz (default 16000). */
  sampleRate?: number;
  /** `mono` (default) averages the channels; `separate` keeps them, interleaved. */
  layout?: 'mono' | 'separate';
  /** Longest chunk emitted, in milliseconds (default 100). */
  chunkMs?: number;
  /** Clock used for pacing (default asyncScheduler). */
  scheduler?: SchedulerLike;
  /** ffmpeg binary for non-WAV containers (default `ffmpeg` on PATH). */
  ffmpegPath?: string;
}

/**
 * Audio of a file in any container the decoder understands (WAV natively, anything else through
 * ffmpeg), as s16le chunks of at most `chunkMs`. Decoding is pulled: nothing is decoded ahead of
 * the consumer, and with `realtime` each chunk is released when the wall clock reaches its end
 * (the moment a microphone would have delivered it). Unsubscribing stops the decoder and its
 * ffmpeg child. Decoder failures arrive as UnsupportedMediaError, a missing file as NotFoundError.
 */
export function fromFile(path: string, options: FromFileOptions = {}): Observable<AudioChunk> {
  const chunkMs = options.chunkMs ?? 100;
  if (!(chunkMs > 0)) {
    throw new ValidationError('fromFile options', [
      { path: 'chunkMs', message: `must be positive, got ${chunkMs}` },
    ]);
  }
  const scheduler = options.scheduler ?? asyncScheduler;
  return new Observable<AudioChunk>((subscriber) => {
    const blocks = decodeAudio(path, {
      sampleRate: options.sampleRate ?? 16000,
      layout: options.layout ?? 'mono',
      ffmpegPath: options.ffmpegPath,
    });
    let stopped = false;
    let wake: (() => void) | undefined;
    const pending = new Set<{ unsubscribe(): void }>();
    const waitUntil = (due: number): Promise<void> => {
      const delay = due - scheduler.now();
      if (delay <= 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        wake = resolve;
        const action = scheduler.schedule(() => {
          pending.delete(action);
          resolve();
        }, delay);
        pending.add(action);
      });
    };
    void (async () => {
      const start = scheduler.now();
      let sentMs = 0;
      try {
        for await (const block of blocks) {
          const channels = block.channels.length;
          const frames = block.channels[0]?.length ?? 0;
          const format: AudioFormat = { sampleRate: block.sampleRate, channels, encoding: 's16le' };
          const step = Math.max(1, Math.round((block.sampleRate * chunkMs) / 1000));
          for (let at = 0; at < frames; at += step) {
            const count = Math.min(step, frames - at);
            const samples = new Int16Array(count * channels);
            for (let c = 0; c < channels; c += 1) {
              const source = block.channels[c] as Int16Array;
              for (let i = 0; i < count; i += 1) samples[i * channels + c] = source[at + i] as number;
            }
            sentMs += (count * 1000) / block.sampleRate;
            if (options.realtime) await waitUntil(start + sentMs);
            if (stopped) return;
            subscriber.next({ data: Buffer.from(samples.buffer), format });
          }
        }
        if (!stopped) subscriber.complete();
      } catch (error) {
        if (!stopped) subscriber.error(toSourceError(error, `audio file ${path}`));
      }
    })();
    return () => {
      stopped = true;
      for (const action of pending) action.unsubscribe();
      pending.clear();
      wake?.();
      void blocks.return(undefined).catch(() => {});
    };
  });
}
