import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { dedupeResults } from '../../src/streaming/dedupeResults.ts';
import type { StreamingEvent } from '../../src/streaming/StreamingEvent.ts';
import { ev } from './events.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('dedupeResults', () => {
  it('drops messages and insights already seen by id, trimming mixed frames and dropping empty ones (marbles)', () => {
    const values: Record<string, StreamingEvent> = {
      a: ev.messages('m1'),
      b: ev.messages('m1', 'm2'),
      c: ev.messages('m2'),
      i: ev.insights(['i1', 'question']),
      j: ev.insights(['i1', 'question'], ['i2', 'action_item']),
      t: ev.topics('t1'),
    };
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-c-i-j-t-t-|', values).pipe(dedupeResults())).toBe('-a-x---i-y-t-t-|', {
        ...values,
        x: ev.messages('m2'),
        y: ev.insights(['i2', 'action_item']),
      });
    });
  });

  it('drops repeated final tracker matches but keeps interim ones and new messages (marbles)', () => {
    const values: Record<string, StreamingEvent> = {
      f: ev.trackers(true, 'Pricing', 'm1'),
      g: ev.trackers(true, 'Pricing', 'm2'),
      p: ev.trackers(false, 'Pricing', 'm1'),
    };
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-f-f-p-p-g-|', values).pipe(dedupeResults())).toBe('-f---p-p-g-|', values);
    });
  });

  it('passes messages without ids and system messages untouched, and errors through (marbles)', () => {
    const anonymous: StreamingEvent = {
      type: 'message_response',
      messages: [{ from: {}, payload: { content: 'no id' } }],
    };
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(
        cold('-n-n-s-#', { n: anonymous, s: ev.started }, new Error('x')).pipe(dedupeResults()),
      ).toBe('-n-n-s-#', { n: anonymous, s: ev.started }, new Error('x'));
    });
  });
});
