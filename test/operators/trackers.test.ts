import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { trackers } from '../../operators/trackers.ts';
import { ev, session, values } from '../streaming/events.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('trackers', () => {
  it('trackers() emits each tracker with its isFinal; { final: true } skips interim matches (marbles)', () => {
    const interim = { ...ev.trackers(false, 'Pricing', 'm1').trackers[0], isFinal: false };
    const final = { ...ev.trackers(true, 'Pricing', 'm2').trackers[0], isFinal: true };
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold(session, values).pipe(trackers())).toBe('---------------r-k--|', {
        r: interim,
        k: final,
      });
      expectObservable(cold(session, values).pipe(trackers({ final: true }))).toBe('-----------------k--|', {
        k: final,
      });
    });
  });
});
