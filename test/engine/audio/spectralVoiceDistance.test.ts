import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MIN_SPECTRAL_FRAMES,
  spectralVoiceDistance,
} from '../../../src/engine/audio/spectralVoiceDistance.ts';

const DIMS = 12;

/** Frames of one made-up voice: `count` vectors of DIMS coefficients. */
const frames = (minLength: number, maxLength: number) =>
  fc.array(
    fc
      .array(fc.integer({ min: -2000, max: 2000 }), { minLength: DIMS, maxLength: DIMS })
      .map((values) => Float32Array.from(values, (v) => v / 100)),
    { minLength, maxLength },
  );

/** A voice before a pause (enough frames to measure the unit on) and a count of frames after it. */
const voiceAndCount = fc
  .integer({ min: MIN_SPECTRAL_FRAMES, max: 20 })
  .chain((n) => fc.tuple(fc.constant(n), frames(3 * n + 2 * n, 120)));

describe('spectralVoiceDistance', () => {
  it('puts frames the voice before has already made at distance 0', () => {
    fc.assert(
      fc.property(
        voiceAndCount,
        fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
        ([n, before], picks) => {
          const after = picks.slice(0, n).map((p) => before[p % before.length] as Float32Array);
          // Undefined only when the voice before repeats itself exactly (a unit of 0).
          expect([0, undefined]).toContain(spectralVoiceDistance(before, after));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('calls frames far outside the voice before at least twice the unit away', () => {
    fc.assert(
      fc.property(voiceAndCount, fc.boolean(), ([n, before], down) => {
        // Shifting every coefficient by three times its range puts every frame after at least
        // twice the range from any frame before, and no two frames before are further apart.
        const range = Array.from({ length: DIMS }, (_, k) => {
          const values = before.map((f) => f[k] as number);
          return Math.max(...values) - Math.min(...values);
        });
        const after = before
          .slice(0, n)
          .map((f) => f.map((v, k) => v + (down ? -3 : 3) * (range[k] as number)));
        const distance = spectralVoiceDistance(before, after);
        if (distance !== undefined) expect(distance).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 50 },
    );
  });

  it('does not depend on the order of the frames after, nor on the units of each coefficient', () => {
    fc.assert(
      fc.property(
        voiceAndCount,
        frames(20, 20),
        fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: DIMS, maxLength: DIMS }),
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: DIMS, maxLength: DIMS }),
        ([n, before], candidates, gains, offsets) => {
          const after = candidates.slice(0, n);
          const distance = spectralVoiceDistance(before, after);
          if (distance === undefined) return; // a voice before that repeats itself exactly
          expect(spectralVoiceDistance(before, [...after].reverse())).toBeCloseTo(distance, 6);
          const rescale = (f: Float32Array) =>
            Float32Array.from(f, (v, k) => (v * (gains[k] as number) + (offsets[k] as number)) as number);
          const rescaled = spectralVoiceDistance(before.map(rescale), after.map(rescale));
          expect(rescaled as number).toBeCloseTo(distance, 2);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('does not judge on too few frames after, or too few before to measure the unit on', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      Float32Array.from(
        { length: DIMS },
        (_, k) => Math.sin(i * 1.7 + k * 0.9) * 5 + Math.cos(i * i * 0.3 + k),
      ),
    );
    expect(spectralVoiceDistance(many, many.slice(0, MIN_SPECTRAL_FRAMES - 1))).toBeUndefined();
    expect(spectralVoiceDistance(many.slice(0, 3 * 10 - 1), many.slice(0, 10))).toBeUndefined();
    expect(spectralVoiceDistance(many, many.slice(0, 10))).toBe(0);
  });
});
