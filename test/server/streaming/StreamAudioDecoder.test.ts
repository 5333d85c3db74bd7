import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeG711 } from '../../../sources/g711.ts';
import { UnsupportedMediaError } from '../../../src/errors/UnsupportedMediaError.ts';
import { StreamAudioDecoder } from '../../../src/server/streaming/StreamAudioDecoder.ts';
import { concat } from '../../engine/audio/voicedSignal.ts';

/** Splits `bytes` at the given cut points (any byte offsets, odd ones included). */
const split = (bytes: Uint8Array, cuts: number[]): Uint8Array[] => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    parts.push(bytes.subarray(from, p));
    from = p;
  }
  return parts;
};

describe('StreamAudioDecoder', () => {
  it('decodes LINEAR16 the same however the frames split the bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (samples, cuts) => {
          const pcm = Int16Array.from(samples);
          const bytes = new Uint8Array(pcm.buffer);
          const decoder = new StreamAudioDecoder({ encoding: 'LINEAR16', sampleRateHertz: 16000 });
          const decoded = concat(...split(bytes, cuts).map((part) => decoder.decode(part)));
          expect(Array.from(decoded)).toEqual(samples);
        },
      ),
    );
  });

  it('decodes 8 kHz mu-law to twice as many 16 kHz samples', () => {
    const tone = Int16Array.from({ length: 8000 }, (_, i) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)),
    );
    const decoder = new StreamAudioDecoder({ encoding: 'MULAW', sampleRateHertz: 8000 });
    const out = concat(decoder.decode(encodeG711(tone, 'mulaw')), decoder.flush());
    expect(Math.abs(out.length - 16000)).toBeLessThanOrEqual(2);
    const peak = out.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(6000);
    expect(peak).toBeLessThan(10000);
  });

  it('refuses FLAC and Opus with UnsupportedMediaError', () => {
    expect(() => new StreamAudioDecoder({ encoding: 'FLAC', sampleRateHertz: 16000 })).toThrow(
      UnsupportedMediaError,
    );
    expect(() => new StreamAudioDecoder({ encoding: 'Opus', sampleRateHertz: 48000 })).toThrow(
      UnsupportedMediaError,
    );
  });
});
