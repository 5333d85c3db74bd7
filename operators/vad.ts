import { Observable, type OperatorFunction } from 'rxjs';
import { type AudioChunk, durationMs, toFloat32 } from '../sources/AudioChunk.ts';
import { ValidationError } from '../src/errors/ValidationError.ts';

/** A chunk labelled by {@link vad}. */
export interface VoiceActivity {
  chunk: AudioChunk;
  /** True while speech is on, including the hangover after it. */
  speech: boolean;
  /** RMS level of the chunk in dBFS (-Infinity for digital silence). */
  levelDb: number;
}

/** Options of {@link vad}. */
export interface VadOptions {
  /** Level at or above which a chunk counts as speech, dBFS (default -40). */
  thresholdDb?: number;
  /** Quiet audio kept labelled as speech after speech, ms (default 300), so pauses between words do not split it. */
  hangoverMs?: number;
}

/** RMS level of a chunk's samples (all channels) in dBFS. */
export function levelDb(chunk: AudioChunk): number {
  const samples = toFloat32(chunk);
  if (samples.length === 0) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < samples.length; i += 1) sum += (samples[i] as number) ** 2;
  return 10 * Math.log10(sum / samples.length);
}

/**
 * Energy-based voice activity detection with hangover: labels every chunk with whether speech is
 * on. Speech starts on the first chunk at or above `thresholdDb` and ends once `hangoverMs` of
 * audio in a row has stayed below it. Decisions are per chunk, so frame the audio first
 * (`frames(20)`) for a fine-grained result. Gate with `filter((a) => a.speech)`.
 */
export function vad(options: VadOptions = {}): OperatorFunction<AudioChunk, VoiceActivity> {
  const thresholdDb = options.thresholdDb ?? -40;
  const hangoverMs = options.hangoverMs ?? 300;
  if (!(hangoverMs >= 0)) {
    throw new ValidationError('vad options', [
      { path: 'hangoverMs', message: `must be 0 or more, got ${hangoverMs}` },
    ]);
  }
  return (source) =>
    new Observable<VoiceActivity>((subscriber) => {
      let speaking = false;
      let quietMs = 0;
      return source.subscribe({
        next: (chunk) => {
          const level = levelDb(chunk);
          if (level >= thresholdDb) {
            speaking = true;
            quietMs = 0;
          } else if (speaking) {
            quietMs += durationMs(chunk);
            if (quietMs >= hangoverMs) speaking = false;
          }
          subscriber.next({ chunk, speech: speaking, levelDb: level });
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
