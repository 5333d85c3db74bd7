import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { messages } from '../../operators/messages.ts';
import { ev, session, values } from '../streaming/events.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('messages', () => {
  it('messages() emits each final sentence of every message_response (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold(session, values).pipe(messages())).toBe('---------(ab)-------|', {
        a: ev.messages('m1').messages[0],
        b: ev.messages('m2').messages[0],
      });
    });
  });

  it('pass errors through (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const failing = cold('-m----#', values, new Error('dropped'));
      expectObservable(failing.pipe(messages())).toBe(
        '-(ab)-#',
        {
          a: ev.messages('m1').messages[0],
          b: ev.messages('m2').messages[0],
        },
        new Error('dropped'),
      );
    });
  });
});
