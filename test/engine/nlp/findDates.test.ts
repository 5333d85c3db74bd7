import { describe, expect, it } from 'vitest';
import { conversationInstant, findDates } from '../../../src/engine/nlp/findDates.ts';

describe('findDates', () => {
  // Tuesday 2026-04-14 16:00 UTC.
  const reference = new Date('2026-04-14T16:00:00Z');

  it('resolves weekdays forwards and week phrases to ranges', () => {
    const [thursday] = findDates('I will have it ready by Thursday.', reference);
    expect(thursday).toMatchObject({ text: 'Thursday', offset: 24, type: 'date', value: '2026-04-16' });
    expect(thursday!.due.toISOString()).toBe('2026-04-16T00:00:00.000Z');
    expect(findDates("Let's meet next week.", reference)).toMatchObject([
      { text: 'next week', offset: 11, type: 'daterange', start: '2026-04-20', end: '2026-04-26' },
    ]);
    expect(findDates('send it by the end of the week', reference)[0]).toMatchObject({
      type: 'date',
      value: '2026-04-17',
    });
  });

  it('reads weekdays backwards when the sentence talks about the past', () => {
    expect(findDates('It has been down since Saturday.', reference)[0]).toMatchObject({
      value: '2026-04-11',
    });
  });

  it('resolves in the conversation zone (getTimezoneOffset convention)', () => {
    // 23:30 UTC is already the next day at UTC+1 (timezoneOffset -60).
    const late = new Date('2026-06-10T23:30:00Z');
    expect(findDates('tomorrow', late, -60)[0]).toMatchObject({ value: '2026-06-12' });
    expect(findDates('tomorrow', late, 0)[0]).toMatchObject({ value: '2026-06-11' });
    expect(findDates('tomorrow at 3pm', late, -60)[0]).toMatchObject({
      type: 'datetime',
      value: '2026-06-12 15:00:00',
    });
  });

  it('ignores bare durations', () => {
    expect(findDates('He spent eight years at Oracle.', reference)).toEqual([]);
    expect(findDates('About three quarters of it took five and a half weeks.', reference)).toEqual([]);
  });

  it('does not read an article as a meridiem or everyday words as dates', () => {
    expect(findDates('Net fell to $1.40 a share.', reference)).toEqual([]);
    expect(findDates('I am going to decide on the market money.', reference)).toEqual([]);
    expect(findDates('Maybe I am wrong.', reference)).toEqual([]);
  });

  it('places message times after the conversation start', () => {
    expect(conversationInstant({ startTime: '2026-04-14T16:00:00Z' }, 90).toISOString()).toBe(
      '2026-04-14T16:01:30.000Z',
    );
    expect(conversationInstant({}, 1).getTime()).toBe(1000);
  });
});
