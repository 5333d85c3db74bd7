import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSpeech } from '../../../src/engine/diarize/detectSpeech.ts';

const run = (value: number, frames: number): number[] => new Array<number>(frames).fill(value);

describe('detectSpeech', () => {
  it('finds speech relative to the recording’s own floor, bridging short pauses and dropping clicks', () => {
    // Noise at -8, speech at 0 (35 dB louder), a 0.2 s pause inside speech, a 50 ms click.
    const energies = Float32Array.from([
      ...run(-8, 100),
      ...run(0, 80),
      ...run(-8, 20),
      ...run(0, 80),
      ...run(-8, 100),
      ...run(0, 5),
      ...run(-8, 100),
    ]);
    const speech = detectSpeech(energies);
    expect([...speech.subarray(100, 280)].every((s) => s === 1)).toBe(true);
    expect(speech.subarray(0, 100).includes(1)).toBe(false);
    expect(speech.subarray(280).includes(1)).toBe(false);
  });

  it('works the same at any level and treats digital silence as the quietest floor', () => {
    const shape = [...run(-30, 50), ...run(0, 60), ...run(-30, 50)];
    const base = detectSpeech(Float32Array.from(shape));
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (shift) => {
        const shifted = detectSpeech(Float32Array.from(shape, (e) => (e === -30 ? e : e + shift)));
        expect([...shifted]).toEqual([...base]);
      }),
    );
    expect([...detectSpeech(new Float32Array(0))]).toEqual([]);
  });
});
