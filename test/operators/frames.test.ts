import fc from 'fast-check';
import { from } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { frames } from '../../operators/frames.ts';
import { type AudioChunk, frameCount } from '../../sources/AudioChunk.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { collectSync, pcm } from './pcm.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('frames', () => {
  it('re-chunks into fixed frames and emits the remainder at completion (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-(b|)', { a: pcm([1, 2, 3]), b: pcm([4, 5, 6, 7]) });
      expectObservable(source.pipe(frames(2))).toBe('-x-(yzw|)', {
        x: pcm([1, 2]),
        y: pcm([3, 4]),
        z: pcm([5, 6]),
        w: pcm([7]),
      });
    });
  });

  it('pads or drops the remainder on request, and restarts framing when the format changes (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-(c|)', { a: pcm([1, 2, 3]), b: pcm([9, 9], 2000), c: pcm([8], 2000) });
      expectObservable(source.pipe(frames(2, { remainder: 'pad' }))).toBe('-x-y-(z|)', {
        x: pcm([1, 2]),
        y: pcm([3, 0]),
        z: pcm([9, 9, 8, 0], 2000),
      });
    });
  });

  it('drops the remainder when asked', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-(a|)', { a: pcm([1, 2, 3]) });
      expectObservable(source.pipe(frames(2, { remainder: 'drop' }))).toBe('-(x|)', { x: pcm([1, 2]) });
    });
  });

  it('keeps every sample, in order, with every frame but the last exactly full (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 50 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(1, 2),
        (pieces, ms, channels) => {
          const chunks = pieces.map((p) => pcm(p.concat(p.length % channels ? [0] : []), 1000, channels));
          const out = collectSync(from(chunks).pipe(frames(ms)));
          const joined = (list: AudioChunk[]) => Buffer.concat(list.map((c) => c.data));
          expect(joined(out)).toEqual(joined(chunks));
          for (const c of out.slice(0, -1)) expect(frameCount(c)).toBe(ms);
          if (out.length > 0) expect(frameCount(out.at(-1) as AudioChunk)).toBeLessThanOrEqual(ms);
        },
      ),
    );
  });

  it('rejects a frame length that is not positive', () => {
    expect(() => frames(0)).toThrow(ValidationError);
  });
});
