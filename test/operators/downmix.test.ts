import fc from 'fast-check';
import { from } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { downmix } from '../../operators/downmix.ts';
import { type AudioChunk, chunkFromInt16, frameCount, toInt16 } from '../../sources/AudioChunk.ts';
import { collectSync, pcm } from './pcm.ts';

describe('downmix', () => {
  it('averages channels frame by frame and passes mono through (marbles)', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const mono = pcm([5, 6]);
      const source = cold('-a-b|', { a: pcm([1000, 3000, -2, 2, 10, 11], 1000, 2), b: mono });
      expectObservable(source.pipe(downmix())).toBe('-x-b|', { x: pcm([2000, 0, 11]), b: mono });
    });
  });

  it('mixes G.711 into s16le', () => {
    const alaw = chunkFromInt16(Int16Array.of(1000, 1000), {
      sampleRate: 8000,
      channels: 2,
      encoding: 'alaw',
    });
    const [mixed] = collectSync(from([alaw]).pipe(downmix()));
    expect(mixed?.format).toEqual({ sampleRate: 8000, channels: 1, encoding: 's16le' });
    expect(toInt16(mixed as AudioChunk)[0]).toBe(toInt16(alaw)[0]);
  });

  it('keeps the frame count of every chunk (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }),
        (channels, sizes) => {
          const chunks = sizes.map((n) =>
            pcm(
              Array.from({ length: n * channels }, (_, i) => i * 37 - 700),
              8000,
              channels,
            ),
          );
          const out = collectSync(from(chunks).pipe(downmix()));
          expect(out.map(frameCount)).toEqual(chunks.map(frameCount));
          for (const c of out) expect(c.format.channels).toBe(1);
        },
      ),
    );
  });
});
