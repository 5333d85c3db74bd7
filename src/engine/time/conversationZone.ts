import { TimeZone } from './TimeZone.ts';

/** The zone settings a request or a conversation's options may carry. */
export interface ZoneSettings {
  /** An IANA name, `UTC`, a fixed offset (`-08:00`) or a zone. */
  timeZone?: string | TimeZone | undefined;
  /** Minutes behind UTC, `Date.getTimezoneOffset()` convention. */
  timezoneOffset?: number | undefined;
}

/**
 * The zone `settings` name: `timeZone`, else the fixed zone of `timezoneOffset`, else
 * `fallback` (a conversation's own zone, a server's default; UTC when nobody says).
 * @throws ValidationError naming `path` when the zone is unknown or the offset out of range.
 */
export function conversationZone(
  settings: ZoneSettings,
  fallback: TimeZone = TimeZone.UTC,
  path = 'timeZone',
): TimeZone {
  if (settings.timeZone instanceof TimeZone) return settings.timeZone;
  if (settings.timeZone !== undefined) return TimeZone.of(settings.timeZone, path);
  const offset = settings.timezoneOffset;
  return offset === undefined ? fallback : TimeZone.fromTimezoneOffset(offset);
}
