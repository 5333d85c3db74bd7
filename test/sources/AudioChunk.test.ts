import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  audioChunk,
  chunkFromFloat32,
  chunkFromInt16,
  durationMs,
  frameCount,
  silenceBytes,
  toFloat32,
  toInt16,
} from '../../sources/AudioChunk.ts';
import { concealLoss } from '../../sources/concealLoss.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';

describe('AudioChunk helpers', () => {
  it('count frames and duration from the format', () => {
    const chunk = audioChunk(Buffer.alloc(3200), { sampleRate: 16000, channels: 2, encoding: 's16le' });
    expect(frameCount(chunk)).toBe(800);
    expect(durationMs(chunk)).toBe(50);
    expect(
      durationMs(audioChunk(Buffer.alloc(80), { sampleRate: 8000, channels: 1, encoding: 'mulaw' })),
    ).toBe(10);
  });

  it('reject partial frames and bad formats with ValidationError naming the field', () => {
    expect(() => audioChunk(Buffer.alloc(3), { sampleRate: 16000, channels: 1, encoding: 's16le' })).toThrow(
      /data: 3 bytes is not a whole number of 2-byte/,
    );
    try {
      audioChunk(Buffer.alloc(0), { sampleRate: 12.5, channels: 0, encoding: 'ogg' as never });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        'sampleRate',
        'channels',
        'encoding',
      ]);
    }
  });

  it('convert s16 samples through every encoding and back (exactly for linear ones)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 200 }), (values) => {
        const samples = Int16Array.from(values);
        for (const encoding of ['s16le', 'f32le'] as const) {
          expect(toInt16(chunkFromInt16(samples, { sampleRate: 8000, channels: 1, encoding }))).toEqual(
            samples,
          );
        }
        for (const encoding of ['mulaw', 'alaw'] as const) {
          const once = toInt16(chunkFromInt16(samples, { sampleRate: 8000, channels: 1, encoding }));
          expect(toInt16(chunkFromInt16(once, { sampleRate: 8000, channels: 1, encoding }))).toEqual(once);
        }
      }),
    );
  });

  it('reads s16le from unaligned buffers', () => {
    const backing = Buffer.from([0, 0x34, 0x12, 0xff, 0xff]);
    const chunk = audioChunk(backing.subarray(1), { sampleRate: 8000, channels: 1, encoding: 's16le' });
    expect(Array.from(toInt16(chunk))).toEqual([0x1234, -1]);
    expect(
      toFloat32(chunkFromFloat32(Float32Array.of(0.5, -0.25), { sampleRate: 8000, channels: 1 })),
    ).toEqual(Float32Array.of(0.5, -0.25));
  });

  it('silence decodes to zero in every encoding', () => {
    for (const encoding of ['s16le', 'f32le', 'mulaw', 'alaw'] as const) {
      const format = { sampleRate: 8000, channels: 2, encoding };
      const samples = toInt16(audioChunk(silenceBytes(format, 5), format));
      expect(samples.length).toBe(10);
      // A-law has no zero code; its quietest value is +-8 of 32768.
      for (const s of samples) expect(Math.abs(s)).toBeLessThanOrEqual(8);
    }
  });
});

describe('concealLoss', () => {
  it('repeats the last packet fading to silence, and fills exactly the lost frames', () => {
    const last = Int16Array.from({ length: 8 }, () => 1000);
    const out = concealLoss(last, 20, 2, 4);
    expect(out.length).toBe(40);
    expect(Array.from(out.subarray(0, 8))).toEqual([1000, 1000, 750, 750, 500, 500, 250, 250]);
    expect(out.subarray(8).every((s) => s === 0)).toBe(true);
    expect(concealLoss(undefined, 3, 1, 4)).toEqual(new Int16Array(3));
  });
});
