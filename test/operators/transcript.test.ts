import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { transcript } from '../../operators/transcript.ts';
import { session, values } from '../streaming/events.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('transcript', () => {
  it('transcript() emits partial and final updates, punctuated when available; { final: true } only finals (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold(session, values).pipe(transcript())).toBe('-----p-f------------|', {
        p: { text: 'Can you', isFinal: false, user: { name: 'Ben' } },
        f: { text: 'can you send it', isFinal: true, user: { name: 'Ben' } },
      });
      expectObservable(cold(session, values).pipe(transcript({ final: true }))).toBe(
        '-------f------------|',
        { f: { text: 'can you send it', isFinal: true, user: { name: 'Ben' } } },
      );
    });
  });
});
