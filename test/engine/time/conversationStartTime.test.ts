import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conversationStartTime } from '../../../src/engine/time/conversationStartTime.ts';
import { TimeZone } from '../../../src/engine/time/TimeZone.ts';
import { ValidationError } from '../../../src/errors/ValidationError.ts';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const RECORDED = Date.parse('2026-12-06T09:15:00Z');
const berlin = TimeZone.of('Europe/Berlin');

describe('conversationStartTime', () => {
  it('takes the stated start, else the recorded time, else the moment of the call', () => {
    const recorded = { kind: 'instant', epochMs: RECORDED } as const;
    expect(
      conversationStartTime({ stated: '2027-01-04T08:00:00Z', recorded, timeZone: TimeZone.UTC, now: NOW }),
    ).toBe(Date.parse('2027-01-04T08:00:00Z'));
    expect(conversationStartTime({ recorded, timeZone: TimeZone.UTC, now: NOW })).toBe(RECORDED);
    expect(conversationStartTime({ timeZone: TimeZone.UTC, now: NOW })).toBe(NOW);
    expect(() => conversationStartTime({ stated: 'next tuesday', timeZone: TimeZone.UTC, now: NOW })).toThrow(
      ValidationError,
    );
  });

  it('places a local recorded time (Broadcast WAV) in the conversation zone', () => {
    const local = { kind: 'local', year: 2026, month: 12, day: 6, hour: 10, minute: 15, second: 0 } as const;
    expect(conversationStartTime({ recorded: local, timeZone: berlin, now: NOW })).toBe(RECORDED);
    expect(conversationStartTime({ recorded: local, timeZone: TimeZone.UTC, now: NOW })).toBe(
      Date.parse('2026-12-06T10:15:00Z'),
    );
  });

  it('passes over a recording dated more than a day after the call (a wrong clock)', () => {
    const future = { kind: 'instant', epochMs: NOW + 2 * 86_400_000 } as const;
    expect(conversationStartTime({ recorded: future, timeZone: TimeZone.UTC, now: NOW })).toBe(NOW);
    const lateToday = { kind: 'instant', epochMs: NOW + 3_600_000 } as const;
    expect(conversationStartTime({ recorded: lateToday, timeZone: TimeZone.UTC, now: NOW })).toBe(
      NOW + 3_600_000,
    );
  });

  it('without a stated start, never more than a day after the call (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2200, 0, 1) }), (epochMs) => {
        const start = conversationStartTime({
          recorded: { kind: 'instant', epochMs },
          timeZone: TimeZone.UTC,
          now: NOW,
        });
        expect(start <= NOW + 86_400_000).toBe(true);
        expect(start === epochMs || start === NOW).toBe(true);
      }),
    );
  });
});
