import { Readable } from 'node:stream';
import { BehaviorSubject, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { realtime } from '../../operators/realtime.ts';
import { fromReadable } from '../../sources/fromReadable.ts';
import { BufferOverflowError } from '../../src/errors/BufferOverflowError.ts';
import { pcm } from './pcm.ts';

/** 10 ms of audio at 1 kHz. */
const tenMs = (value: number) => pcm(Array.from({ length: 10 }, () => value));
const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('realtime', () => {
  it('releases each chunk when the clock reaches its end on the audio timeline (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('(abc|)', { a: tenMs(1), b: tenMs(2), c: tenMs(3) });
      expectObservable(source.pipe(realtime())).toBe('10ms a 9ms b 9ms (c|)', {
        a: tenMs(1),
        b: tenMs(2),
        c: tenMs(3),
      });
    });
  });

  it('releases at the start of each span when asked', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('(ab|)', { a: tenMs(1), b: tenMs(2) });
      expectObservable(source.pipe(realtime({ release: 'start' }))).toBe('a 9ms (b|)', {
        a: tenMs(1),
        b: tenMs(2),
      });
    });
  });

  it('passes late chunks at once, and never releases one before its time (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      // b arrives at 30 ms, after its 20 ms slot, so it and c (due at 30 ms) pass at once.
      const source = cold('a 29ms (bc|)', { a: tenMs(1), b: tenMs(2), c: tenMs(3) });
      expectObservable(source.pipe(realtime())).toBe('10ms a 19ms (bc|)', {
        a: tenMs(1),
        b: tenMs(2),
        c: tenMs(3),
      });
    });
  });

  it('errors with BufferOverflowError when more audio waits than the bound', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('(abc)', { a: tenMs(1), b: tenMs(2), c: tenMs(3) });
      expectObservable(source.pipe(realtime({ maxQueuedMs: 20 }))).toBe(
        '#',
        {},
        new BufferOverflowError('realtime(): more than 20 ms of audio waiting to be paced'),
      );
    });
  });

  it('drops the oldest waiting audio instead when asked', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('(abc|)', { a: tenMs(1), b: tenMs(2), c: tenMs(3) });
      expectObservable(source.pipe(realtime({ maxQueuedMs: 20, overflow: 'drop-oldest' }))).toBe(
        '20ms b 9ms (c|)',
        { b: tenMs(2), c: tenMs(3) },
      );
    });
  });

  it('signals lag at half the bound and recovery at a quarter (marbles)', () => {
    const testScheduler = scheduler();
    const signals: [number, boolean][] = [];
    const lag = { next: (v: boolean) => signals.push([testScheduler.now(), v]) };
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('(abcd|)', { a: tenMs(1), b: tenMs(2), c: tenMs(3), d: tenMs(4) });
      expectObservable(source.pipe(realtime({ maxQueuedMs: 40, lag }))).toBe('10ms a 9ms b 9ms c 9ms (d|)', {
        a: tenMs(1),
        b: tenMs(2),
        c: tenMs(3),
        d: tenMs(4),
      });
    });
    expect(signals).toEqual([
      [0, true],
      [30, false],
    ]);
  });

  it('holds back a fast stream through fromReadable instead of overflowing', async () => {
    const lag = new BehaviorSubject(false);
    const signals: boolean[] = [];
    lag.subscribe((v) => signals.push(v));
    // One second of 8 kHz audio in 50 ms pieces, far more than the 200 ms the pacer may hold.
    const pieces = Array.from({ length: 20 }, (_, i) => Buffer.alloc(800, i));
    const chunks = await lastValueFrom(
      fromReadable(() => Readable.from(pieces), {
        format: { sampleRate: 8000, channels: 1, encoding: 's16le' },
        paused: lag,
      }).pipe(realtime({ maxQueuedMs: 200, lag, release: 'start' }), toArray()),
    );
    expect(Buffer.concat(chunks.map((c) => c.data))).toEqual(Buffer.concat(pieces));
    expect(signals).toContain(true);
    expect(signals.at(-1)).toBe(false);
  });

  it('cancels its pending timer on unsubscribe', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('(ab|)', { a: tenMs(1), b: tenMs(2) });
      expectObservable(source.pipe(realtime()), '^ 14ms !').toBe('10ms a', { a: tenMs(1) });
    });
  });
});
