import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SpeechChunk, SpeechChunker } from '../../../src/engine/audio/SpeechChunker.ts';
import { concat } from './voicedSignal.ts';

/** A tone burst of `seconds` at 16 kHz, or silence when `loud` is false. */
function stretch(seconds: number, loud: boolean): Int16Array {
  const out = new Int16Array(Math.round(seconds * 16000));
  if (loud)
    for (let i = 0; i < out.length; i += 1)
      out[i] = Math.round(8000 * Math.sin(i / 5) * (1 + Math.sin(i / 997)));
  return out;
}

function chunkAll(chunker: SpeechChunker, input: Int16Array, piece: number): SpeechChunk[] {
  const chunks: SpeechChunk[] = [];
  for (let at = 0; at < input.length; at += piece)
    chunks.push(...chunker.push(input.subarray(at, at + piece)));
  return [...chunks, ...chunker.flush()];
}

describe('SpeechChunker', () => {
  it('cuts half a pause into the first pause after the minimum length', () => {
    const input = concat(
      ...[stretch(1.5, true), stretch(0.6, false), stretch(2, true), stretch(1, false), stretch(1, true)],
    );
    const chunks = chunkAll(new SpeechChunker({ minSeconds: 1, pauseSeconds: 0.4 }), input, 1234);
    expect(chunks.map((c) => Number(c.start.toFixed(2)))).toEqual([0, 1.7, 4.3]);
    expect(chunks.every((c) => c.speech)).toBe(true);
  });

  it('does not cut before minSeconds, and marks pure silence as no speech', () => {
    const input = concat(
      ...[stretch(0.5, true), stretch(0.5, false), stretch(0.5, true), stretch(40, false)],
    );
    const chunks = chunkAll(
      new SpeechChunker({ minSeconds: 2, pauseSeconds: 0.3, maxSeconds: 10 }),
      input,
      16000,
    );
    expect(chunks[0]?.pcm.length).toBeGreaterThan(1.5 * 16000);
    expect(chunks[0]?.speech).toBe(true);
    expect(chunks.slice(1).every((c) => !c.speech)).toBe(true);
    expect(chunks.every((c) => c.pcm.length <= 10 * 16000)).toBe(true);
  });

  it('laid end to end, chunks are the input sample for sample, none longer than maxSeconds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0.01, max: 2, noNaN: true }), fc.boolean()), { maxLength: 8 }),
        fc.integer({ min: 1, max: 20000 }),
        fc.double({ min: 0.2, max: 4, noNaN: true }),
        (stretches, piece, maxSeconds) => {
          const input = concat(...stretches.map(([s, loud]) => stretch(s, loud)));
          const chunks = chunkAll(new SpeechChunker({ minSeconds: 0.5, maxSeconds }), input, piece);
          expect(concat(...chunks.map((c) => c.pcm))).toEqual(input);
          let at = 0;
          for (const c of chunks) {
            expect(c.start).toBeCloseTo(at / 16000, 9);
            expect(c.pcm.length).toBeLessThanOrEqual(Math.max(2, Math.round(maxSeconds * 100)) * 160);
            expect(c.pcm.length).toBeGreaterThan(0);
            at += c.pcm.length;
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
