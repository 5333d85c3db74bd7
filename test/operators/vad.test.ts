import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { levelDb, vad } from '../../operators/vad.ts';
import { pcm } from './pcm.ts';

/** 100 ms at 1 kHz of a square wave of amplitude `a` (RMS = a). */
const square = (a: number) => pcm(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : -a)));

describe('vad', () => {
  it('measures RMS level in dBFS', () => {
    expect(levelDb(square(16384))).toBeCloseTo(-6.02, 1);
    expect(levelDb(square(0))).toBe(Number.NEGATIVE_INFINITY);
  });

  it('turns speech on at the threshold and off after the hangover of quiet audio (marbles)', () => {
    const loud = square(3277); // -20 dBFS
    const quiet = square(33); // -60 dBFS
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold('-q-l-q-q-l-q-q-q|', { q: quiet, l: loud });
      const labels = {
        n: { chunk: quiet, speech: false, levelDb: levelDb(quiet) },
        s: { chunk: loud, speech: true, levelDb: levelDb(loud) },
        h: { chunk: quiet, speech: true, levelDb: levelDb(quiet) },
      };
      expectObservable(source.pipe(vad({ thresholdDb: -40, hangoverMs: 200 }))).toBe(
        '-n-s-h-n-s-h-n-n|',
        labels,
      );
    });
  });
});
