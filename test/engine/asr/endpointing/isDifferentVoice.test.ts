import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isDifferentVoice,
  MIN_VOICED_FRAMES,
} from '../../../../src/engine/asr/endpointing/isDifferentVoice.ts';

/** Pitches around `f0`, each within 8% of it. */
const pitches = (f0: number) =>
  fc
    .array(fc.double({ min: 0.92, max: 1.08, noNaN: true }), { minLength: MIN_VOICED_FRAMES, maxLength: 40 })
    .map((ks) => ks.map((k) => k * f0));

describe('isDifferentVoice', () => {
  it('calls one voice the same across a pause', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 70, max: 300, noNaN: true }).chain((f0) => fc.tuple(pitches(f0), pitches(f0))),
        ([before, after]) => {
          expect(isDifferentVoice(before, after)).toBe(false);
        },
      ),
    );
  });

  it('tells voices 0.7 octave or more apart, either way round', () => {
    const apart = fc
      .tuple(fc.double({ min: 70, max: 200, noNaN: true }), fc.double({ min: 1.63, max: 2.5, noNaN: true }))
      .chain(([low, ratio]) => fc.tuple(pitches(low), pitches(low * ratio)));
    fc.assert(
      fc.property(apart, fc.boolean(), ([low, high], lowFirst) => {
        expect(isDifferentVoice(lowFirst ? low : high, lowFirst ? high : low)).toBe(true);
      }),
    );
  });

  it('does not judge on too few frames', () => {
    const few = Array.from({ length: MIN_VOICED_FRAMES - 1 }, () => 100);
    const many = Array.from({ length: 20 }, () => 220);
    expect(isDifferentVoice(few, many)).toBeUndefined();
    expect(isDifferentVoice(many, few)).toBeUndefined();
  });
});
