import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimatePitch } from '../../../src/engine/audio/estimatePitch.ts';
import { noise, voiced } from './voicedSignal.ts';

describe('estimatePitch', () => {
  it('finds the fundamental of a voiced signal within 3% across the range of speech', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 70, max: 380, noNaN: true }),
        fc.integer({ min: 0, max: 16000 }),
        fc.integer({ min: 500, max: 20000 }),
        (f0, offset, amplitude) => {
          const f = estimatePitch(voiced(f0, 0.04, amplitude, offset), 16000);
          expect(f).toBeDefined();
          expect(Math.abs((f as number) / f0 - 1)).toBeLessThan(0.03);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('works at 8 kHz too', () => {
    const pcm16 = voiced(150, 0.08);
    const pcm8 = pcm16.filter((_, i) => i % 2 === 0);
    expect(estimatePitch(pcm8, 8000)).toBeCloseTo(150, -1);
  });

  it('calls silence and noise unvoiced', () => {
    expect(estimatePitch(new Int16Array(640), 16000)).toBeUndefined();
    for (let seed = 1; seed <= 20; seed += 1)
      expect(estimatePitch(noise(0.04, -30, seed), 16000)).toBeUndefined();
  });
});
