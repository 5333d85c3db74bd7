import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  type ConnectionClockSettings,
  type ConnectionSignal,
  connectionClock,
} from '../../src/streaming/connectionClock.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const signals: Record<string, ConnectionSignal> = {
  o: 'opened',
  a: 'startSent',
  s: 'started',
  x: 'stopSent',
  f: 'frame',
  p: 'pong',
};

const quiet: ConnectionClockSettings = { connectTimeoutMs: 100, stopTimeoutMs: 50, keepAlive: false };
const timeout = (deadline: 'open' | 'start' | 'pong' | 'stop', ms: number) => ({
  type: 'timeout',
  deadline,
  ms,
});

describe('connectionClock', () => {
  it('bounds the opening from subscription (marbles)', () => {
    scheduler().run(({ hot, expectObservable }) => {
      expectObservable(connectionClock(hot('', signals), quiet)).toBe('100ms t', { t: timeout('open', 100) });
    });
  });

  it('sets no bound while the open socket waits for audio, and bounds the start from start_request (marbles)', () => {
    scheduler().run(({ hot, expectObservable }) => {
      // Opened at 50 ms, the first chunk (and so start_request) only at 551 ms: the start bound runs from there.
      const clock = connectionClock(hot('50ms o 500ms a', signals), quiet);
      expectObservable(clock).toBe('651ms t', { t: timeout('start', 100) });
    });
  });

  it('keeps the start bound through frames that come before the start (marbles)', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const clock = connectionClock(hot('oa 50ms f 40ms f', signals), quiet);
      expectObservable(clock).toBe('101ms t', { t: timeout('start', 100) });
    });
  });

  it('pings every interval once started; a pong meets the bound of the pings before it (marbles)', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const settings = { ...quiet, keepAlive: { intervalMs: 30, timeoutMs: 20 } };
      // Started at 2 ms: pings at 32, 62, 92 ms; pongs at 40 and 70 ms; the third ping goes unanswered.
      const clock = connectionClock(hot('oas 37ms p 29ms p', signals), settings);
      expectObservable(clock, '^ 114ms !').toBe('32ms p 29ms p 29ms p 19ms t', {
        p: { type: 'ping' },
        t: timeout('pong', 20),
      });
    });
  });

  it('does not count a pong that came before the ping (marbles)', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const settings = { ...quiet, keepAlive: { intervalMs: 30, timeoutMs: 20 } };
      const clock = connectionClock(hot('oas 27ms p', signals), settings);
      expectObservable(clock, '^ 55ms !').toBe('32ms p 19ms t', {
        p: { type: 'ping' },
        t: timeout('pong', 20),
      });
    });
  });

  it('after stop_request, restarts the idle bound with every frame (marbles)', () => {
    scheduler().run(({ hot, expectObservable }) => {
      // stop_request at 13 ms, frames at 54 and 95 ms, then silence: 50 ms later the bound runs out.
      const clock = connectionClock(hot('oas 10ms x 40ms f 40ms f', signals), quiet);
      expectObservable(clock).toBe('145ms t', { t: timeout('stop', 50) });
    });
  });

  it('runs nothing once unsubscribed (marbles)', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const settings = { ...quiet, keepAlive: { intervalMs: 30, timeoutMs: 20 } };
      expectObservable(connectionClock(hot('oas', signals), settings), '^ 40ms !').toBe('32ms p', {
        p: { type: 'ping' },
      });
    });
  });
});
