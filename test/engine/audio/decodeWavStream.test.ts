import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWavStream, readWavHeader } from '../../../src/engine/audio/decodeWavStream.ts';
import type { WavSampleFormat } from '../../../src/engine/audio/parseWavHeader.ts';
import { UnsupportedMediaError } from '../../../src/errors/UnsupportedMediaError.ts';
import { buildWav, expectedInt16 } from './wavFixtures.ts';

/** Feeds `bytes` in the given piece sizes through the native WAV path; returns channels. */
async function decodeNative(bytes: Buffer, pieces: number[], layout: 'mono' | 'separate' = 'separate') {
  async function* chunks(): AsyncGenerator<Buffer> {
    let at = 0;
    let i = 0;
    while (at < bytes.length) {
      const size = Math.max(1, pieces[i++ % Math.max(1, pieces.length)] ?? 4096);
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }
  const source = chunks();
  const { header, firstData } = await readWavHeader(Buffer.alloc(0), source);
  if (!header.sampleFormat) return { header, channels: undefined };
  const out: number[][] = [];
  for await (const block of decodeWavStream(header, firstData, source, {
    sampleRate: header.sampleRate,
    layout,
  })) {
    block.channels.forEach((c, i) => {
      out[i] ??= [];
      out[i]?.push(...c);
    });
  }
  return { header, channels: out };
}

const sampleOf: Record<WavSampleFormat, fc.Arbitrary<number>> = {
  u8: fc.integer({ min: 0, max: 255 }),
  s16: fc.integer({ min: -32768, max: 32767 }),
  s24: fc.integer({ min: -8388608, max: 8388607 }),
  s32: fc.integer({ min: -2147483648, max: 2147483647 }),
  f32: fc.float({ min: -1.5, max: 1.5, noNaN: true }).map((x) => Math.fround(x)),
  f64: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
};

const generatedWav = fc
  .record({
    format: fc.constantFrom<WavSampleFormat>('u8', 's16', 's24', 's32', 'f32', 'f64'),
    channels: fc.integer({ min: 1, max: 4 }),
    frames: fc.integer({ min: 1, max: 300 }),
    rate: fc.constantFrom(8000, 16000, 44100, 48000),
    extensible: fc.boolean(),
    junk: fc.boolean(),
  })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      samples: fc.array(
        fc.array(sampleOf[shape.format], { minLength: shape.frames, maxLength: shape.frames }),
        {
          minLength: shape.channels,
          maxLength: shape.channels,
        },
      ),
      pieces: fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
    }),
  );

describe('native WAV decoding', () => {
  it('round-trips generated WAVs of every native format, in pieces of any size', async () => {
    await fc.assert(
      fc.asyncProperty(generatedWav, async ({ shape, samples, pieces }) => {
        const wav = buildWav(samples, shape.format, shape.rate, shape);
        const { header, channels } = await decodeNative(wav, pieces);
        expect(header.channels).toBe(shape.channels);
        expect(header.sampleRate).toBe(shape.rate);
        const expected = samples.map((c) => c.map((v) => expectedInt16(shape.format, v)));
        expect(channels?.map((c) => c.length)).toEqual(expected.map((c) => c.length));
        // Samples pass through float32, so 24/32-bit and double input may land one step off when rounding.
        const exact = shape.format === 'u8' || shape.format === 's16' || shape.format === 'f32';
        for (const [i, c] of (channels ?? []).entries()) {
          for (const [j, v] of c.entries()) {
            expect(Math.abs(v - (expected[i]?.[j] as number))).toBeLessThanOrEqual(exact ? 0 : 1);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('averages channels when asked for mono', async () => {
    const wav = buildWav(
      [
        [1000, -2000, 3000],
        [3000, 2000, -3000],
      ],
      's16',
      16000,
    );
    const { channels } = await decodeNative(wav, [7], 'mono');
    expect(channels).toEqual([[2000, 0, 0]]);
  });

  it('never crashes on arbitrary bytes behind a RIFF/WAVE prefix: it decodes or throws UnsupportedMediaError', async () => {
    const prefix = Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVE', 'latin1');
    const tail = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      generatedWav.chain(({ shape, samples }) => {
        const wav = buildWav(samples, shape.format, shape.rate, shape);
        return fc
          .record({
            cut: fc.integer({ min: 0, max: wav.length }),
            flips: fc.array(fc.nat(), { maxLength: 4 }),
          })
          .map(({ cut, flips }) => {
            const damaged = Buffer.from(wav.subarray(12, cut));
            for (const f of flips)
              if (damaged.length > 0) {
                const i = f % damaged.length;
                damaged[i] = (damaged[i] as number) ^ 0xff;
              }
            return new Uint8Array(damaged);
          });
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        tail,
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }),
        async (rest, pieces) => {
          try {
            await decodeNative(Buffer.concat([prefix, rest]), pieces);
          } catch (error) {
            expect(error).toBeInstanceOf(UnsupportedMediaError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names a WAV cut short inside its data', async () => {
    const wav = buildWav([[1, 2, 3, 4, 5, 6, 7, 8]], 's16', 16000);
    await expect(decodeNative(wav.subarray(0, wav.length - 6), [4096])).rejects.toThrow(
      /truncated: the data chunk declares 16 bytes but 6 are missing/,
    );
  });

  it('names a zero-length data chunk', async () => {
    const wav = buildWav([[]], 's16', 16000);
    await expect(decodeNative(wav, [4096])).rejects.toThrow(/zero-length data chunk/);
  });

  it('names a header that ends before the data chunk', async () => {
    const wav = buildWav([[1, 2]], 's16', 16000);
    await expect(decodeNative(wav.subarray(0, 30), [4096])).rejects.toThrow(/truncated: ended inside/);
  });
});
