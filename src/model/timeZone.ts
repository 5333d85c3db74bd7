import { z } from 'zod';

/**
 * A time-zone name: IANA (`Asia/Tokyo`, `US/Pacific`, `UTC`, `Etc/GMT+8`) or a fixed offset from
 * UTC (`-08:00`, `+0530`). Only the form is checked here; where a zone is used, a name the
 * runtime does not know is refused with a 400 naming the field (async and streaming requests)
 * or replaced by the server's default (telephony, whose clients send what they were given).
 */
export const TimeZoneName = z
  .string()
  .max(64)
  .regex(
    /^(?:[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*|[+-]\d{1,2}(?::?\d{2})?)$/,
    'expected a time zone such as America/Los_Angeles or -08:00',
  );
export type TimeZoneName = z.infer<typeof TimeZoneName>;
