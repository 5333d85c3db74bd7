import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { topics } from '../../operators/topics.ts';
import { ev, session, values } from '../streaming/events.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('topics', () => {
  it('topics() emits each topic (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold(session, values).pipe(topics())).toBe('-------------t------|', {
        t: ev.topics('t1').topics[0],
      });
    });
  });
});
