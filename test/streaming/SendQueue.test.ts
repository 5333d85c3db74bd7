import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferOverflowError } from '../../src/errors/BufferOverflowError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import type { AudioSegment } from '../../src/streaming/AudioSegment.ts';
import { SendQueue } from '../../src/streaming/SendQueue.ts';

let at = 0;
function segment(ms: number): AudioSegment {
  const bytes = Buffer.alloc(ms * 32);
  const s = {
    bytes,
    format: { encoding: 'LINEAR16' as const, sampleRateHertz: 16000 },
    startMs: at,
    startByte: -1,
    ms,
  };
  at += ms;
  return s;
}

describe('SendQueue', () => {
  it('errors past the bound under the error policy, leaving the queue as it was', () => {
    const q = new SendQueue({ maxQueuedMs: 250, overflow: 'error' });
    q.push(segment(100));
    q.push(segment(100));
    expect(() => q.push(segment(100))).toThrow(BufferOverflowError);
    expect(q.queuedMs).toBe(200);
    expect(q.length).toBe(2);
  });

  it('drops the oldest audio under drop-oldest and counts it', () => {
    const q = new SendQueue({ maxQueuedMs: 250, overflow: 'drop-oldest' });
    const first = segment(100);
    q.push(first);
    q.push(segment(100));
    q.push(segment(100));
    expect(q.droppedMs).toBe(100);
    expect(q.peek()).not.toBe(first);
  });

  it('never drops audio queued again for replay (already on the byte timeline)', () => {
    const q = new SendQueue({ maxQueuedMs: 250, overflow: 'drop-oldest' });
    const replayed = { ...segment(100), startByte: 0 };
    q.unshift([replayed]);
    q.push(segment(100));
    q.push(segment(100));
    expect(q.peek()).toBe(replayed);
    expect(q.droppedMs).toBe(100);
    expect(q.length).toBe(2);
  });

  it('accepts a lone segment longer than the bound so that audio always moves', () => {
    const q = new SendQueue({ maxQueuedMs: 50, overflow: 'error' });
    q.push(segment(100));
    expect(q.shift()?.ms).toBe(100);
    expect(q.queuedMs).toBe(0);
  });

  it('signals lag from half full until a quarter, and unshift puts replayed audio first', () => {
    const q = new SendQueue({ maxQueuedMs: 400, overflow: 'error' });
    q.push(segment(100));
    expect(q.lagging).toBe(false);
    q.push(segment(100));
    q.push(segment(100));
    expect(q.lagging).toBe(true);
    q.shift();
    expect(q.lagging).toBe(true);
    const replayed = [segment(10), segment(10)];
    q.unshift(replayed);
    expect(q.peek()).toBe(replayed[0]);
    q.shift();
    q.shift();
    q.shift();
    expect(q.queuedMs).toBe(100);
    expect(q.lagging).toBe(false);
  });

  it('never holds more than the bound (plus one segment) under drop-oldest, and keeps order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 500 }),
        (sizes, max) => {
          const q = new SendQueue({ maxQueuedMs: max, overflow: 'drop-oldest' });
          for (const ms of sizes) {
            q.push(segment(ms));
            expect(q.queuedMs <= max || q.length === 1).toBe(true);
          }
          let last = -1;
          for (let s = q.shift(); s; s = q.shift()) {
            expect(s.startMs).toBeGreaterThan(last);
            last = s.startMs;
          }
        },
      ),
    );
  });

  it('rejects a non-positive bound', () => {
    expect(() => new SendQueue({ maxQueuedMs: 0, overflow: 'error' })).toThrow(ValidationError);
  });
});
