import { TimeZone } from '../engine/time/TimeZone.ts';
import { UsageError } from './UsageError.ts';

/** This machine's zone (TZ, else the system's), undefined when it is UTC. */
export function machineTimeZone(): string | undefined {
  const zone = TimeZone.find(Intl.DateTimeFormat().resolvedOptions().timeZone);
  return zone === undefined || zone === TimeZone.UTC ? undefined : zone.name;
}

/**
 * The zone a command sends as `timezone`: `--timezone` by its canonical name, else the machine's
 * own zone when it is not UTC (a machine on UTC, as most servers and containers are, says nothing
 * about where its user is, so the server's default applies).
 * @throws UsageError naming `--timezone` for a zone this runtime does not know
 */
export function timeZoneFlag(value: string | undefined, machineZone = machineTimeZone()): string | undefined {
  if (value === undefined) return machineZone;
  const zone = TimeZone.find(value);
  if (zone === undefined)
    throw new UsageError(
      '--timezone',
      `expected a time zone such as Europe/Berlin or -08:00, got "${value}"`,
    );
  return zone.name;
}
