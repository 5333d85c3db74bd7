import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { redact } from '../../operators/redact.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import type { StreamingEvent } from '../../src/streaming/StreamingEvent.ts';
import { ev } from '../streaming/events.ts';

const scheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const said = (id: string, content: string, words?: string[]): StreamingEvent => ({
  type: 'message_response',
  messages: [
    {
      id,
      from: { name: 'Dana Whitfield' },
      payload: { content },
      metadata: {
        originalContent: content,
        ...(words === undefined
          ? {}
          : {
              words: JSON.stringify(
                words.map((word, i) => ({
                  word,
                  startTime: `2026-01-01T00:00:0${i}.000Z`,
                  endTime: `2026-01-01T00:00:0${i}.500Z`,
                })),
              ),
            }),
      },
    },
  ],
});
const topic = (phrases: string): StreamingEvent => ({
  type: 'topic_response',
  topics: [{ id: 't', phrases }],
});

describe('redact', () => {
  it('redacts hypotheses, messages (text, words, originalContent) and what repeats them later (marbles)', () => {
    const values: Record<string, StreamingEvent> = {
      p: ev.result('my card is 4111 1111', false, 'My card is 4111 1111'),
      m: said('m1', 'my name is dana whitfield, call me on (415) 555-0123', [
        'my',
        'name',
        'is',
        'dana',
        'whitfield',
        'call',
        'me',
        'on',
        '(415)',
        '555-0123',
      ]),
      t: topic('whitfield renewal'),
    };
    const out = (message: string, words: string[]) => ({
      type: 'message_response',
      messages: [
        {
          id: 'm1',
          // Who spoke stays.
          from: { name: 'Dana Whitfield' },
          payload: { content: message },
          metadata: {
            originalContent: message,
            words: JSON.stringify(
              // A redacted span is one word spanning the times of the words it replaced.
              words.map((word, i) => ({
                word,
                startTime: `2026-01-01T00:00:0${[0, 1, 2, 3, 5, 6, 7, 8][i]}.000Z`,
                endTime: `2026-01-01T00:00:0${[0, 1, 2, 4, 5, 6, 7, 9][i]}.500Z`,
              })),
            ),
          },
        },
      ],
    });
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-p-m-t-|', values).pipe(redact({ redactionString: '[X]' }))).toBe('-p-m-t-|', {
        p: ev.result('my card is [X]', false, 'My card is [X]'),
        m: out('my name is [X], call me on [X]', ['my', 'name', 'is', '[X]', 'call', 'me', 'on', '[X]']),
        t: topic('[X] renewal'),
      });
    });
  });

  it('lists identifiers on messages when identifying, and passes errors through (marbles)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-#', { a: said('m2', 'mail ana@example.org') }, new Error('dropped'));
      expectObservable(source.pipe(redact({ identifyContent: true, redactContent: false }))).toBe(
        '-a-#',
        {
          a: {
            type: 'message_response',
            messages: [
              {
                id: 'm2',
                from: { name: 'Dana Whitfield' },
                payload: { content: 'mail ana@example.org' },
                metadata: { originalContent: 'mail ana@example.org' },
                entities: [
                  { type: 'EMAIL_ADDRESS', value: 'ana@example.org', text: 'ana@example.org', offset: 5 },
                ],
              },
            ],
          },
        },
        new Error('dropped'),
      );
    });
  });

  it('remembers identifiers per subscription, and refuses a bad redaction string at once', () => {
    scheduler().run(({ cold, expectObservable }) => {
      // A subscription that never heard the name has nothing to redact in a bare surname.
      const operator = redact();
      expectObservable(cold('-t|', { t: topic('mbeki') }).pipe(operator)).toBe('-t|', { t: topic('mbeki') });
      expectObservable(
        cold('-a-b|', { a: said('m3', 'my name is zanele mbeki'), b: topic('mbeki') }).pipe(operator),
      ).toBe('-a-b|', { a: expect.anything(), b: topic('****') });
    });
    expect(() => redact({ redactionString: '' })).toThrow(ValidationError);
    expect(() => redact({ redactionString: 'x'.repeat(17) })).toThrow(/redactionString|16/);
  });
});
