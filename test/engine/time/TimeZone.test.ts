import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeZone } from '../../../src/engine/time/TimeZone.ts';
import { ValidationError } from '../../../src/errors/ValidationError.ts';

describe('TimeZone', () => {
  it('knows IANA zones by any of their names, UTC, and fixed offsets', () => {
    expect(TimeZone.of('US/Pacific').name).toBe('America/Los_Angeles');
    expect(TimeZone.of('Europe/Berlin').fixed).toBe(false);
    expect(TimeZone.of('Etc/UTC')).toBe(TimeZone.UTC);
    expect(TimeZone.of('utc')).toBe(TimeZone.UTC);
    expect(TimeZone.of('+05:30').name).toBe('+05:30');
    expect(TimeZone.of('UTC-8').name).toBe('-08:00');
    expect(TimeZone.of('GMT+0100').name).toBe('+01:00');
    expect(TimeZone.of('+00:00')).toBe(TimeZone.UTC);
    // getTimezoneOffset convention: 480 minutes behind UTC.
    expect(TimeZone.fromTimezoneOffset(480).name).toBe('-08:00');
    expect(TimeZone.fromTimezoneOffset(-60).offsetAt(0)).toBe(60);
  });

  it('refuses a zone it does not know with a typed error naming the field', () => {
    for (const name of ['Mars/Olympus', '', '+15:00', '+05:75', 'Europe/Berlin; DROP TABLE']) {
      let error: unknown;
      try {
        TimeZone.of(name, 'timezone');
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('timezone');
      expect(TimeZone.find(name), name).toBeUndefined();
    }
    expect(TimeZone.find('US/Pacific')?.name).toBe('America/Los_Angeles');
    expect(() => TimeZone.east(1.5)).toThrow(ValidationError);
    expect(() => TimeZone.fromTimezoneOffset(900)).toThrow(ValidationError);
  });

  it('follows daylight saving time', () => {
    const berlin = TimeZone.of('Europe/Berlin');
    expect(berlin.offsetAt(Date.parse('2026-07-01T12:00:00Z'))).toBe(120);
    expect(berlin.offsetAt(Date.parse('2026-12-01T12:00:00Z'))).toBe(60);
    expect(berlin.format(berlin.instantOf(2026, 12, 11))).toBe('2026-12-11T00:00:00.000+01:00');
    expect(berlin.format(berlin.instantOf(2026, 6, 11))).toBe('2026-06-11T00:00:00.000+02:00');
    // 02:30 on 29 March 2026 does not exist in Berlin; 02:30 on 25 October happens twice.
    expect(new Date(berlin.instantOf(2026, 3, 29, 2, 30)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(berlin.instantOf(2026, 10, 25, 2, 30)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(TimeZone.UTC.format(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(TimeZone.of('-08:00').format(Date.parse('2026-12-11T08:00:00Z'))).toBe(
      '2026-12-11T00:00:00.000-08:00',
    );
  });

  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Asia/Kathmandu',
    '-03:30',
    '+14:00',
  ].map((n) => TimeZone.of(n));
  const instants = fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) });

  it('formats every instant as an ISO time that reads back as the same instant, with the zone clock', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones), (ms, zone) => {
        const iso = zone.format(ms);
        expect(Date.parse(iso)).toBe(ms);
        const c = zone.wallClock(ms);
        expect(iso.slice(0, 19)).toBe(
          `${String(c.year).padStart(4, '0')}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}T${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}:${String(c.second).padStart(2, '0')}`,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with Intl on the wall clock, and finds the instant of a wall clock reading again', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones.filter((z) => !z.fixed)), (ms, zone) => {
        const whole = Math.floor(ms / 1000) * 1000;
        const c = zone.wallClock(whole);
        const intl = new Intl.DateTimeFormat('en-US', {
          timeZone: zone.name,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
        }).formatToParts(whole);
        const part = (t: string) => Number(intl.find((p) => p.type === t)?.value);
        expect([c.year, c.month, c.day, c.hour, c.minute]).toEqual([
          part('year'),
          part('month'),
          part('day'),
          part('hour'),
          part('minute'),
        ]);
        const again = zone.instantOf(c.year, c.month, c.day, c.hour, c.minute, c.second);
        // A reading that happens twice (clocks going back) finds its first occurrence.
        expect(again <= whole && whole - again <= 3_600_000).toBe(true);
        expect(zone.wallClock(again)).toEqual(c);
      }),
      { numRuns: 500 },
    );
  });

  it('starts every day at its local midnight, or the first instant after it', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones), (ms, zone) => {
        const start = zone.startOfDay(ms);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms - start).toBeLessThan(25 * 3_600_000);
        const c = zone.wallClock(start);
        expect(zone.wallClock(ms).day).toBe(c.day);
        expect(c.hour).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});
