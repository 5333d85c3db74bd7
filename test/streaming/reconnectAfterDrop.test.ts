import { defer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/errors/AuthenticationError.ts';
import { TimeoutError } from '../../src/errors/TimeoutError.ts';
import { WebSocketClosedError } from '../../src/errors/WebSocketClosedError.ts';
import { reconnectAfterDrop } from '../../src/streaming/reconnectAfterDrop.ts';
import type { ReconnectPolicy } from '../../src/streaming/reconnectPolicy.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

// With random() = 0.5 the back-off before attempt n is half its ceiling: 50, 100, 200 ms.
const policy: ReconnectPolicy = { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 1000, replayMs: 1000 };
const half = () => 0.5;
const dropped = new WebSocketClosedError(1006);
const started = { s: undefined };

/** One connection per subscription, in order: each a cold marble. */
function connections(...attempts: Observable<undefined>[]): Observable<undefined> {
  let n = 0;
  return defer(() => attempts[Math.min(n++, attempts.length - 1)] as Observable<undefined>);
}

describe('reconnectAfterDrop', () => {
  it('re-opens a started connection after full-jitter back-off and passes its normal end (marbles)', () => {
    const seen: number[] = [];
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const first = cold('s 9ms #', started, dropped);
      const second = cold('s 9ms |', started);
      const session = connections(first, second).pipe(
        reconnectAfterDrop(policy, { random: half, onReconnecting: (attempt) => seen.push(attempt) }),
      );
      // Dropped at 10 ms, back-off 50 ms: the second socket opens at 60 ms.
      expectObservable(session).toBe('s 59ms s 9ms |', started);
      expectSubscriptions(first.subscriptions).toBe('^ 9ms !');
      expectSubscriptions(second.subscriptions).toBe('60ms ^ 9ms !');
    });
    expect(seen).toEqual([1]);
  });

  it('never re-opens a connection that did not start: a session that cannot start fails at once (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const session = cold('--#', started, dropped).pipe(reconnectAfterDrop(policy, { random: half }));
      expectObservable(session).toBe('--#', started, dropped);
    });
  });

  it('gives up after maxAttempts drops in a row, doubling the back-off (marbles)', () => {
    const attempts: number[] = [];
    scheduler().run(({ cold, expectObservable }) => {
      const session = connections(cold('s-#', started, dropped), cold('-#', started, dropped)).pipe(
        reconnectAfterDrop(policy, { random: half, onReconnecting: (n) => attempts.push(n) }),
      );
      // Drop at 2 ms, wait 50; drop at 53 ms, wait 100; drop at 154 ms is the third in a row.
      expectObservable(session).toBe('s 153ms #', started, dropped);
    });
    expect(attempts).toEqual([1, 2]);
  });

  it('counts attempts from the last start (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const startsThenDrops = cold('s-#', started, dropped);
      const failsToStart = cold('-#', started, dropped);
      const session = connections(startsThenDrops, failsToStart, startsThenDrops, failsToStart).pipe(
        reconnectAfterDrop(policy, { random: half }),
      );
      // 0 s, 2 drop, 52-53 drop, 153 s, 155 drop (count reset), 205-206 drop, 306-307 drop: given up.
      expectObservable(session).toBe('s 152ms s 153ms #', started, dropped);
    });
  });

  it('passes a failure that retrying will not mend at once (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const expired = new AuthenticationError('expired');
      const normalClose = new WebSocketClosedError(1000);
      for (const failure of [expired, normalClose]) {
        const session = cold('s-#', started, failure).pipe(reconnectAfterDrop(policy, { random: half }));
        expectObservable(session).toBe('s-#', started, failure);
      }
    });
  });

  it('tells onReconnecting each attempt and its cause before the back-off', () => {
    const lostPong = new TimeoutError('No __PONG__');
    const told: [number, unknown][] = [];
    scheduler().run(({ cold, expectObservable }) => {
      const session = connections(cold('s-#', started, lostPong), cold('-#', started, dropped)).pipe(
        reconnectAfterDrop(policy, { random: half, onReconnecting: (n, cause) => told.push([n, cause]) }),
      );
      expectObservable(session).toBe('s 153ms #', started, dropped);
    });
    expect(told).toEqual([
      [1, lostPong],
      [2, dropped],
    ]);
  });

  it('leaves the source as it is without a policy', () => {
    const source = defer(() => [undefined]);
    expect(source.pipe(reconnectAfterDrop(undefined))).toBe(source);
  });
});
