import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isDifferentPitch,
  isDifferentVoice,
  MIN_VOICED_FRAMES,
} from '../../../../src/engine/asr/endpointing/isDifferentVoice.ts';
import type { VoicedFrame } from '../../../../src/engine/asr/endpointing/SpeechTracker.ts';
import { MIN_SPECTRAL_FRAMES } from '../../../../src/engine/audio/spectralVoiceDistance.ts';

/** Pitches around `f0`, each within 8% of it. */
const pitches = (f0: number) =>
  fc
    .array(fc.double({ min: 0.92, max: 1.08, noNaN: true }), { minLength: MIN_VOICED_FRAMES, maxLength: 40 })
    .map((ks) => ks.map((k) => k * f0));

describe('isDifferentPitch', () => {
  it('calls one voice the same across a pause', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 70, max: 300, noNaN: true }).chain((f0) => fc.tuple(pitches(f0), pitches(f0))),
        ([before, after]) => {
          expect(isDifferentPitch(before, after)).toBe(false);
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
        expect(isDifferentPitch(lowFirst ? low : high, lowFirst ? high : low)).toBe(true);
      }),
    );
  });

  it('does not judge on too few frames', () => {
    const few = Array.from({ length: MIN_VOICED_FRAMES - 1 }, () => 100);
    const many = Array.from({ length: 20 }, () => 220);
    expect(isDifferentPitch(few, many)).toBeUndefined();
    expect(isDifferentPitch(many, few)).toBeUndefined();
  });
});

describe('isDifferentVoice', () => {
  /** A made-up voice: `count` voiced frames around `f0` with varied spectra. */
  const voice = (f0: number, count: number, seed: number, shift = 0): VoicedFrame[] =>
    Array.from({ length: count }, (_, i) => ({
      frame: i,
      f0: f0 * (1 + 0.05 * Math.sin(i * 0.7 + seed)),
      cepstrum: Float32Array.from({ length: 12 }, (_, k) => 4 * Math.sin(i * 1.3 + k * 2.1 + seed) + shift),
    }));
  const before = voice(120, 150, 1);

  it('calls a far pitch a new voice at once, and a far spectrum one on the last look whatever the pitch', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_VOICED_FRAMES, max: 30 }), fc.boolean(), (count, up) => {
        const higher = before.slice(0, count).map((f) => ({ ...f, f0: f.f0 * (up ? 1.7 : 0.6) }));
        expect(isDifferentVoice(before, higher)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_SPECTRAL_FRAMES, max: 30 }),
        fc.integer({ min: 0, max: 1000 }),
        (count, seed) => {
          const far = voice(120, count, seed, 20);
          expect(isDifferentVoice(before, far)).toBeUndefined();
          expect(isDifferentVoice(before, far, true)).toBe(true);
        },
      ),
    );
  });

  it('calls the same voice the same on the last look, and waits for it while pitch agrees', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_VOICED_FRAMES, max: 40 }),
        fc.integer({ min: 0, max: 140 }),
        (count, from) => {
          const again = [...before.slice(from), ...before].slice(0, count);
          expect(isDifferentVoice(before, again)).toBeUndefined();
          expect(isDifferentVoice(before, again, true)).toBe(false);
        },
      ),
    );
  });
});
