import { afterEach, describe, expect, it } from 'vitest';
import { machineTimeZone, timeZoneFlag } from '../../src/cli/timeZoneFlag.ts';
import { UsageError } from '../../src/cli/UsageError.ts';

const original = process.env.TZ;
afterEach(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

describe('machineTimeZone', () => {
  it("is the machine's zone from TZ, and nothing when the machine is on UTC", () => {
    process.env.TZ = 'America/Sao_Paulo';
    expect(machineTimeZone()).toBe('America/Sao_Paulo');
    process.env.TZ = 'UTC';
    expect(machineTimeZone()).toBeUndefined();
  });
});

describe('timeZoneFlag', () => {
  it('sends the flag by its canonical name, else the machine zone, and refuses an unknown zone', () => {
    expect(timeZoneFlag('US/Pacific', 'Europe/Berlin')).toBe('America/Los_Angeles');
    expect(timeZoneFlag('+0530', undefined)).toBe('+05:30');
    expect(timeZoneFlag(undefined, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(timeZoneFlag(undefined, undefined)).toBeUndefined();
    expect(() => timeZoneFlag('Mars/Olympus', undefined)).toThrow(UsageError);
    expect(() => timeZoneFlag('Mars/Olympus', undefined)).toThrow(/--timezone/);
  });
});
