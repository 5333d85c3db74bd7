import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../src/engine/nlp/extractEntities.ts';
import { ana, ben, messagesOf } from './messagesOf.ts';

const context = { startTime: '2024-03-04T15:00:00.000Z', timezoneOffset: 480, members: [ben, ana] };

describe('extractEntities', () => {
  it('produces the wire entity shapes with message refs and offsets', () => {
    const messages = messagesOf([
      [ben, 'The marketing director is away this week.'],
      [ana, 'My name is Dana Smith.'],
      [ben, 'Sure, I will email it tomorrow.'],
      [ana, "Let's meet next week."],
    ]);
    const entities = extractEntities(messages, {
      ...context,
      customEntities: [{ customType: 'Company Executives', text: 'Marketing Director' }],
    });
    expect(entities).toEqual(
      expect.arrayContaining([
        {
          type: 'custom',
          customType: 'Company Executives',
          value: 'marketing director',
          text: 'marketing director',
          messageRefs: [{ id: 'm0-0', text: 'The marketing director is away this week.', offset: 4 }],
        },
        {
          type: 'person',
          value: 'dana smith',
          text: 'Dana Smith',
          messageRefs: [{ id: 'm1-0', text: 'My name is Dana Smith.', offset: 11 }],
        },
        {
          type: 'date',
          value: '2024-03-05',
          text: 'tomorrow',
          messageRefs: [{ id: 'm2-0', text: 'Sure, I will email it tomorrow.', offset: 22 }],
        },
        {
          type: 'daterange',
          text: 'next week',
          start: '2024-03-11',
          end: '2024-03-17',
          messageRefs: [{ id: 'm3-0', text: "Let's meet next week.", offset: 11 }],
        },
      ]),
    );
  });

  it('merges occurrences of one (type, value) and normalises numbers, money and percentages', () => {
    const messages = messagesOf([
      [ben, 'We run one hundred and fifty trucks out of Denver.'],
      [ana, 'Denver costs us forty thousand dollars a month, about ten percent more.'],
    ]);
    const entities = extractEntities(messages, context);
    expect(entities.find((e) => e.type === 'location')).toEqual({
      type: 'location',
      value: 'denver',
      text: 'Denver',
      messageRefs: [
        { id: 'm0-0', text: 'We run one hundred and fifty trucks out of Denver.', offset: 43 },
        {
          id: 'm1-0',
          text: 'Denver costs us forty thousand dollars a month, about ten percent more.',
          offset: 0,
        },
      ],
    });
    expect(entities.filter((e) => e.type !== 'location').map((e) => [e.type, e.text, e.value])).toEqual([
      ['number', 'one hundred and fifty', '150'],
      ['money', 'forty thousand dollars', '40000'],
      ['percent', 'ten percent', '10'],
    ]);
  });

  it('returns nothing for empty input and never throws on odd text', () => {
    expect(extractEntities([])).toEqual([]);
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        for (const e of extractEntities(messagesOf([[ben, text]]), context)) {
          for (const ref of e.messageRefs) expect(ref.offset).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
