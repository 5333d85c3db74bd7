import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAlaw,
  decodeG711,
  decodeMulaw,
  encodeAlaw,
  encodeG711,
  encodeMulaw,
} from '../../sources/g711.ts';

const codes = Array.from({ length: 256 }, (_, i) => i);

describe('G.711 mu-law', () => {
  it('re-encodes every one of the 256 codes to itself (0x7F is negative zero, which becomes 0xFF)', () => {
    for (const code of codes) expect(encodeMulaw(decodeMulaw(code))).toBe(code === 0x7f ? 0xff : code);
  });

  it('decodes to the reference values at the ends of the range', () => {
    expect(decodeMulaw(0x00)).toBe(-32124);
    expect(decodeMulaw(0x80)).toBe(32124);
    expect(decodeMulaw(0xff)).toBe(0);
  });

  it('quantises any sample to a code whose value is within one step of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), (sample) => {
        const back = decodeMulaw(encodeMulaw(sample));
        const clipped = Math.max(-32124, Math.min(32124, sample));
        // The step doubles with each of the 8 segments: 8 at the bottom, 1024 at the top.
        expect(Math.abs(back - clipped)).toBeLessThanOrEqual(Math.max(16, Math.abs(clipped) / 16 + 16));
        expect(Math.sign(back) * Math.sign(sample)).not.toBe(-1);
      }),
    );
  });

  it('is monotonic: a louder sample never decodes quieter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -32768, max: 32767 }),
        fc.integer({ min: -32768, max: 32767 }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(decodeMulaw(encodeMulaw(lo))).toBeLessThanOrEqual(decodeMulaw(encodeMulaw(hi)));
        },
      ),
    );
  });
});

describe('G.711 A-law', () => {
  it('re-encodes every one of the 256 codes to itself', () => {
    for (const code of codes) expect(encodeAlaw(decodeAlaw(code))).toBe(code);
  });

  it('decodes to the reference values', () => {
    expect(decodeAlaw(0xd5)).toBe(8);
    expect(decodeAlaw(0x55)).toBe(-8);
    expect(decodeAlaw(0xaa)).toBe(32256);
    expect(decodeAlaw(0x2a)).toBe(-32256);
  });

  it('quantises any sample within one step and keeps its sign', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), (sample) => {
        const back = decodeAlaw(encodeAlaw(sample));
        const clipped = Math.max(-32256, Math.min(32256, sample));
        expect(Math.abs(back - clipped)).toBeLessThanOrEqual(Math.max(16, Math.abs(clipped) / 16 + 16));
        if (sample >= 8) expect(back).toBeGreaterThan(0);
        if (sample < -8) expect(back).toBeLessThan(0);
      }),
    );
  });
});

describe('buffer codecs', () => {
  it('round-trip whole runs of codes for both laws', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom('mulaw' as const, 'alaw' as const),
        (bytes, law) => {
          const once = decodeG711(bytes, law);
          expect(decodeG711(encodeG711(once, law), law)).toEqual(once);
        },
      ),
    );
  });
});
