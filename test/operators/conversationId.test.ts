import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { conversationId } from '../../operators/conversationId.ts';
import { session, values } from '../streaming/events.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('conversationId', () => {
  it('conversationId() emits the first id once and completes, or completes empty (marbles)', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const events = cold(session, values);
      expectObservable(events.pipe(conversationId())).toBe('---(c|)', { c: 'c42' });
      expectSubscriptions(events.subscriptions).toBe('^--!');
      expectObservable(cold('-s-m-|', values).pipe(conversationId())).toBe('-----|');
    });
  });
});
