import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferOverflowError } from '../../../src/errors/BufferOverflowError.ts';
import {
  AudioBacklog,
  HIGH_WATER_SECONDS,
  MAX_QUEUED_SECONDS,
} from '../../../src/server/streaming/AudioBacklog.ts';

const SECOND = 16_000;
const HIGH_WATER = HIGH_WATER_SECONDS * SECOND;
const MAX = MAX_QUEUED_SECONDS * SECOND;

/** A chunk of `samples` samples (no memory: an Int16Array view is enough to count). */
const chunk = (samples: number): Int16Array => new Int16Array(samples);

describe('AudioBacklog', () => {
  it('counts queued audio until written, answers the high-water mark and refuses past the maximum', () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 1, max: 200 * SECOND }) }),
      fc.record({ write: fc.constant(true) }),
      fc.record({ clear: fc.constant(true) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const backlog = new AudioBacklog();
        const queued: number[] = [];
        let counted = 0;
        for (const o of ops) {
          if ('push' in o) {
            if (counted + o.push > MAX) {
              expect(() => backlog.push(chunk(o.push))).toThrow(BufferOverflowError);
            } else {
              expect(backlog.push(chunk(o.push))).toBe(counted + o.push < HIGH_WATER);
              queued.push(o.push);
              counted += o.push;
            }
          } else if ('write' in o) {
            const next = backlog.next();
            expect(next?.length).toBe(queued.shift());
            if (next !== undefined) {
              backlog.written(next.length);
              counted -= next.length;
            }
          } else {
            backlog.clear();
            queued.length = 0;
            counted = 0;
          }
          expect(backlog.samples).toBe(counted);
          expect(backlog.belowHighWater).toBe(counted < HIGH_WATER);
        }
      }),
    );
  });

  it('lets drained() waiters go below half the high-water mark, or when woken', async () => {
    const backlog = new AudioBacklog();
    await backlog.drained();
    backlog.push(chunk(HIGH_WATER));
    let drained = false;
    const waiting = backlog.drained().then(() => {
      drained = true;
    });
    const taken = backlog.next() as Int16Array;
    backlog.push(chunk(HIGH_WATER / 2 - 1));
    await Promise.resolve();
    expect(drained).toBe(false);
    backlog.written(taken.length);
    await waiting;
    expect(backlog.samples).toBe(HIGH_WATER / 2 - 1);
    backlog.push(chunk(1));
    const woken = backlog.drained();
    backlog.wakeAll();
    await woken;
  });
});
