import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Resampler } from '../../../src/engine/audio/Resampler.ts';

function tone(hz: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

function resampleAll(input: Float32Array, from: number, to: number, piece = 1000): Float32Array {
  const r = new Resampler(from, to);
  const parts: Float32Array[] = [];
  for (let at = 0; at < input.length; at += piece) parts.push(r.push(input.subarray(at, at + piece)));
  parts.push(r.flush());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** RMS of the middle of a signal (skips edge transients). */
function rms(x: Float32Array): number {
  const mid = x.subarray(Math.floor(x.length * 0.1), Math.floor(x.length * 0.9));
  return Math.sqrt(mid.reduce((s, v) => s + v * v, 0) / mid.length);
}

describe('Resampler', () => {
  it('keeps an in-band tone: same frequency and level after 44.1 kHz -> 16 kHz', () => {
    const out = resampleAll(tone(1000, 44100, 1), 44100, 16000);
    expect(Math.abs(out.length - 16000)).toBeLessThanOrEqual(1);
    expect(rms(out)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    const expected = tone(1000, 16000, 1);
    let error = 0;
    for (let i = 1000; i < 15000; i += 1)
      error = Math.max(error, Math.abs((out[i] as number) - (expected[i] as number)));
    expect(error).toBeLessThan(0.01);
  });

  it('filters content above the new Nyquist instead of aliasing it (10 kHz tone, 48 kHz -> 16 kHz)', () => {
    const out = resampleAll(tone(10000, 48000, 0.5), 48000, 16000);
    expect(rms(out)).toBeLessThan(0.005);
  });

  it('upsamples 8 kHz telephone audio to 16 kHz with the tone intact', () => {
    const out = resampleAll(tone(440, 8000, 1), 8000, 16000);
    expect(Math.abs(out.length - 16000)).toBeLessThanOrEqual(1);
    expect(rms(out)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('gives the same output whatever the input piece sizes', () => {
    const input = tone(700, 22050, 0.2);
    const whole = resampleAll(input, 22050, 16000, input.length);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), (piece) => {
        const out = resampleAll(input, 22050, 16000, piece);
        expect(out.length).toBe(whole.length);
        for (let i = 0; i < out.length; i += 1)
          expect(Math.abs((out[i] as number) - (whole[i] as number))).toBeLessThan(1e-5);
      }),
      { numRuns: 20 },
    );
  });
});
