import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { type AudioChunk, chunkFromInt16 } from '../../sources/AudioChunk.ts';

/** A chunk of s16le samples (interleaved when `channels` > 1). */
export function pcm(samples: number[], sampleRate = 1000, channels = 1): AudioChunk {
  return chunkFromInt16(Int16Array.from(samples), { sampleRate, channels });
}

/** Every chunk an observable emits, once it completes. */
export function collect(audio$: Observable<AudioChunk>): Promise<AudioChunk[]> {
  return lastValueFrom(audio$.pipe(toArray()));
}

/** Every chunk a synchronous observable emits (throws if it did not complete synchronously). */
export function collectSync<T>(audio$: Observable<T>): T[] {
  const out: T[] = [];
  let done = false;
  audio$.subscribe({ next: (c) => out.push(c), complete: () => (done = true) });
  if (!done) throw new Error('expected a synchronous observable');
  return out;
}
