import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { insights } from '../../operators/insights.ts';
import { ev, session, values } from '../streaming/events.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('insights', () => {
  it('insights() emits every insight, or only the given types (marbles)', () => {
    const [question, action] = ev.insights(['i1', 'question'], ['i2', 'action_item']).insights;
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold(session, values).pipe(insights())).toBe('-----------(qa)-----|', {
        q: question,
        a: action,
      });
      expectObservable(cold(session, values).pipe(insights('action_item'))).toBe('-----------a--------|', {
        a: action,
      });
      expectObservable(cold(session, values).pipe(insights('follow_up'))).toBe('--------------------|');
    });
  });
});
