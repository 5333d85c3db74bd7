import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conversationInstant, type DateMention, findDates } from '../../../src/engine/nlp/findDates.ts';
import { TimeZone } from '../../../src/engine/time/TimeZone.ts';

const berlin = TimeZone.of('Europe/Berlin');
const only = (mentions: DateMention[]) => {
  expect(mentions).toHaveLength(1);
  return mentions[0]!;
};

describe('findDates', () => {
  // Tuesday 2026-04-14 16:00 UTC.
  const reference = new Date('2026-04-14T16:00:00Z');

  it('resolves weekdays forwards and week phrases to ranges', () => {
    const thursday = only(findDates('I will have it ready by Thursday.', reference));
    expect(thursday).toMatchObject({ text: 'Thursday', offset: 24, type: 'date', value: '2026-04-16' });
    expect(thursday.due?.toISOString()).toBe('2026-04-16T00:00:00.000Z');
    expect(findDates("Let's meet next week.", reference)).toMatchObject([
      { text: 'next week', offset: 11, type: 'daterange', start: '2026-04-20', end: '2026-04-26' },
    ]);
    expect(only(findDates('send it by the end of the week', reference))).toMatchObject({
      type: 'date',
      value: '2026-04-17',
    });
  });

  it('reads weekdays backwards when the sentence talks about the past, and gives them no due date', () => {
    const saturday = only(findDates('It has been down since Saturday.', reference));
    expect(saturday).toMatchObject({ value: '2026-04-11' });
    expect(saturday.due).toBeUndefined();
    expect(only(findDates('We shipped it on Monday.', reference))).toMatchObject({ value: '2026-04-13' });
    // A word pointing ahead wins over a past verb in the same clause.
    expect(only(findDates('It was agreed that we ship by Monday.', reference))).toMatchObject({
      value: '2026-04-20',
    });
  });

  it('never makes a commitment due before the moment it was said (Sunday 2026-12-06)', () => {
    const sunday = new Date('2026-12-06T10:00:00Z');
    const endOfWeek = only(findDates('I will fix it before the end of the week.', sunday));
    expect(endOfWeek).toMatchObject({ type: 'date', value: '2026-12-11' });
    expect(endOfWeek.due?.toISOString()).toBe('2026-12-11T00:00:00.000Z');
    expect(only(findDates("I'll call the sales director tomorrow.", sunday)).due?.toISOString()).toBe(
      '2026-12-07T00:00:00.000Z',
    );
    expect(only(findDates('I will send it by Friday.', sunday)).value).toBe('2026-12-11');
    // "This week" said on its last day is due that day.
    expect(only(findDates('I can do that this week.', sunday))).toMatchObject({
      start: '2026-11-30',
      end: '2026-12-06',
    });
    expect(only(findDates('I can do that this week.', sunday)).due?.toISOString()).toBe(
      '2026-12-06T00:00:00.000Z',
    );
    // A time of day already past is tomorrow's.
    const at9 = only(findDates('I will call you at 9am.', sunday));
    expect(at9).toMatchObject({ type: 'datetime', value: '2026-12-07 09:00:00' });
    expect(only(findDates('I will send it in March.', sunday)).value).toBe('2027-03-01');
  });

  it('reads months, quarters and years as ranges, due at their end; past ones are references only', () => {
    const sunday = new Date('2026-12-06T10:00:00Z');
    const nextMonth = only(findDates("I'll send the report next month.", sunday));
    expect(nextMonth).toMatchObject({ type: 'daterange', start: '2027-01-01', end: '2027-01-31' });
    expect(nextMonth.due?.toISOString()).toBe('2027-01-31T00:00:00.000Z');
    const lastQuarter = only(findDates('Sales fell last quarter.', sunday));
    expect(lastQuarter).toMatchObject({ type: 'daterange', start: '2026-07-01', end: '2026-09-30' });
    expect(lastQuarter.due).toBeUndefined();
    expect(only(findDates('We grew twenty percent in Q2.', sunday))).toMatchObject({
      start: '2026-04-01',
      end: '2026-06-30',
    });
    expect(only(findDates('We will launch in Q2.', sunday))).toMatchObject({
      start: '2027-04-01',
      end: '2027-06-30',
    });
    expect(only(findDates('by the end of the quarter', sunday))).toMatchObject({ value: '2026-12-31' });
    expect(only(findDates('next year', sunday))).toMatchObject({ start: '2027-01-01', end: '2027-12-31' });
  });

  it('resolves in the conversation zone', () => {
    // 23:30 UTC is already the next day in Berlin.
    const late = new Date('2026-06-10T23:30:00Z');
    expect(only(findDates('tomorrow', late, berlin))).toMatchObject({ value: '2026-06-12' });
    expect(only(findDates('tomorrow', late))).toMatchObject({ value: '2026-06-11' });
    expect(only(findDates('tomorrow at 3pm', late, TimeZone.east(60)))).toMatchObject({
      type: 'datetime',
      value: '2026-06-12 15:00:00',
    });
    // Midnight of the day in the zone, daylight saving time included (CEST is UTC+2).
    expect(only(findDates('tomorrow', late, berlin)).due?.toISOString()).toBe('2026-06-11T22:00:00.000Z');
    expect(only(findDates('tomorrow at 3pm', late, berlin)).due?.toISOString()).toBe(
      '2026-06-12T13:00:00.000Z',
    );
    // Across the change to winter time the offset follows the date (CET is UTC+1).
    const october = new Date('2026-10-20T09:00:00Z');
    expect(only(findDates('by next Monday', october, berlin)).due?.toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    );
  });

  it('ignores durations and schedules', () => {
    expect(findDates('He spent eight years at Oracle.', reference)).toEqual([]);
    expect(findDates('About three quarters of it took five and a half weeks.', reference)).toEqual([]);
    expect(findDates('Users could not sign in for two days.', reference)).toEqual([]);
    expect(findDates('The meeting will last for 2.5 hours.', reference)).toEqual([]);
    expect(findDates('Response time went up to three seconds after the last release.', reference)).toEqual(
      [],
    );
    expect(findDates('We meet every Monday.', reference)).toEqual([]);
    expect(findDates('It runs at 3pm each day.', reference)).toEqual([]);
    expect(only(findDates('Are you free in two days?', reference)).value).toBe('2026-04-16');
  });

  it('does not take greetings, fillers or everyday words for times', () => {
    for (const text of [
      'Good morning David.',
      'Morning everyone.',
      'How can I help you today?',
      'Thanks for taking the time to talk today.',
      'Thank you all for joining us today.',
      'I am busy right now.',
      'That is fine for now.',
      'Those were the days.',
      'Now, the budget.',
      'We now have the numbers.',
      'Net fell to $1.40 a share.',
      'I am going to decide on the market money.',
      'Maybe I am wrong.',
    ]) {
      expect(findDates(text, reference), text).toEqual([]);
    }
    expect(only(findDates('Can you call me today?', reference)).value).toBe('2026-04-14');
    expect(only(findDates('I will add the credit today.', reference)).value).toBe('2026-04-14');
    expect(only(findDates("I'll go back now.", reference))).toMatchObject({ type: 'datetime' });
  });

  it('places message times after the conversation start', () => {
    expect(conversationInstant({ startTime: '2026-04-14T16:00:00Z' }, 90).toISOString()).toBe(
      '2026-04-14T16:01:30.000Z',
    );
    expect(conversationInstant({}, 1).getTime()).toBe(1000);
  });
});

/** Expressions a commitment may set its deadline with. */
const deadlines = [
  'today',
  'tonight',
  'tomorrow',
  'tomorrow morning',
  'tomorrow at 3pm',
  'Monday',
  'Friday',
  'on Saturday',
  'next Tuesday',
  'this week',
  'next week',
  'the end of the week',
  'the end of next week',
  'the end of the day',
  'this month',
  'next month',
  'the end of the month',
  'the end of the quarter',
  'next quarter',
  'Q1',
  'Q4',
  'the third quarter',
  'next year',
  'in two days',
  'in three weeks',
  'at 9am',
  'at noon',
  'by 5pm',
  'March 3',
  'in June',
  'the 2nd of January',
];
const zones = [
  TimeZone.UTC,
  berlin,
  TimeZone.of('America/Los_Angeles'),
  TimeZone.of('Pacific/Auckland'),
  TimeZone.of('Asia/Kolkata'),
  TimeZone.of('Pacific/Chatham'),
  TimeZone.east(-600),
  TimeZone.east(840),
];
const instants = fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2090, 0, 1) });

describe('findDates due dates (properties)', () => {
  it('a commitment is never due before the message that states it', () => {
    fc.assert(
      fc.property(
        instants,
        fc.constantFrom(...zones),
        fc.constantFrom(...deadlines),
        (ms, zone, deadline) => {
          const said = new Date(ms);
          const mentions = findDates(`I will send you the report by ${deadline}.`, said, zone);
          expect(mentions.length).toBeGreaterThan(0);
          const startOfDay = zone.startOfDay(ms);
          for (const m of mentions) {
            expect(m.due, `${deadline} said ${said.toISOString()} in ${zone.name}`).toBeDefined();
            expect(m.due!.getTime()).toBeGreaterThanOrEqual(
              m.type.startsWith('datetime') ? ms - 60_000 : startOfDay,
            );
            // The served local day is the due day, and not before the local day of the message.
            const day = (m.value ?? m.end ?? '').slice(0, 10);
            const today = zone.format(ms).slice(0, 10);
            expect(day >= today || m.type.endsWith('range')).toBe(true);
            expect(zone.format(m.due!.getTime()).slice(0, 10) >= today).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('references to the past stay in the past and are never due', () => {
    const pasts = [
      'since Sunday',
      'since Friday',
      'last week',
      'last month',
      'last quarter',
      'yesterday',
      'two days ago',
      'last Friday',
    ];
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones), fc.constantFrom(...pasts), (ms, zone, phrase) => {
        const mentions = findDates(`It has been slow ${phrase}.`, new Date(ms), zone);
        expect(mentions.length).toBeGreaterThan(0);
        const today = zone.format(ms).slice(0, 10);
        for (const m of mentions) {
          expect(m.due).toBeUndefined();
          expect((m.value ?? m.start ?? '').slice(0, 10) <= today).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
