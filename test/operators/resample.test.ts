import fc from 'fast-check';
import { from } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { resample } from '../../operators/resample.ts';
import { type AudioChunk, frameCount, toInt16 } from '../../sources/AudioChunk.ts';
import { floatToInt16, Resampler } from '../../src/engine/audio/Resampler.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { collectSync, pcm } from './pcm.ts';

const tone = (n: number, offset = 0): number[] =>
  Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * (i + offset)) / 8000)));

describe('resample', () => {
  it('emits resampled audio as it arrives and the filter tail at completion (marbles)', () => {
    const a = tone(400);
    const b = tone(400, 400);
    const reference = new Resampler(8000, 16000);
    const expected = [a, b].map((s) => floatToInt16(reference.push(Float32Array.from(s, (v) => v / 32768))));
    const tail = floatToInt16(reference.flush());
    new TestScheduler((x, y) => expect(x).toEqual(y)).run(({ cold, expectObservable }) => {
      const source = cold('-a-b-|', { a: pcm(a, 8000), b: pcm(b, 8000) });
      expectObservable(source.pipe(resample(16000))).toBe('-x-y-(z|)', {
        x: pcm(Array.from(expected[0] as Int16Array), 16000),
        y: pcm(Array.from(expected[1] as Int16Array), 16000),
        z: pcm(Array.from(tail), 16000),
      });
    });
  });

  it('passes audio already at the rate through untouched (marbles)', () => {
    new TestScheduler((x, y) => expect(x).toEqual(y)).run(({ cold, expectObservable }) => {
      const a = pcm([1, 2, 3], 16000);
      expectObservable(cold('-a|', { a }).pipe(resample(16000))).toBe('-a|', { a });
    });
  });

  it('turns N frames into ceil(N * out / in), whatever the chunking and channel count (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(8000, 11025, 16000, 22050, 44100, 48000),
        fc.constantFrom(8000, 16000, 44100),
        fc.constantFrom(1, 2),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 6 }),
        (input, output, channels, sizes) => {
          fc.pre(input !== output);
          const total = sizes.reduce((n, s) => n + s, 0);
          const samples = tone(total * channels);
          let at = 0;
          const chunks = sizes.map((s) => {
            const piece = samples.slice(at, at + s * channels);
            at += s * channels;
            return pcm(piece, input, channels);
          });
          const out = collectSync(from(chunks).pipe(resample(output)));
          expect(out.reduce((n, c) => n + frameCount(c), 0)).toBe(Math.ceil((total * output) / input));
          const whole = collectSync(from([pcm(samples, input, channels)]).pipe(resample(output)));
          const flat = (list: AudioChunk[]) => Buffer.concat(list.map((c) => c.data));
          expect(flat(out)).toEqual(flat(whole));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('decodes G.711 and outputs s16le', () => {
    const mulaw = {
      data: Buffer.alloc(80, 0xff),
      format: { sampleRate: 8000, channels: 1, encoding: 'mulaw' as const },
    };
    const out = collectSync(from([mulaw]).pipe(resample(16000)));
    expect(out.every((c) => c.format.encoding === 's16le' && c.format.sampleRate === 16000)).toBe(true);
    expect(out.flatMap((c) => Array.from(toInt16(c))).every((s) => s === 0)).toBe(true);
  });

  it('rejects an impossible rate', () => {
    expect(() => resample(12.5)).toThrow(ValidationError);
  });
});
