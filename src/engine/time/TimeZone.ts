import { ValidationError } from '../../errors/ValidationError.ts';

/** A moment as a clock on the wall of a time zone shows it. `month` is 1-12, `weekday` 0 = Sunday. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const MINUTE_MS = 60_000;
/** Offsets change on quarter hours of UTC (in every zone since standard time began). */
const OFFSET_BUCKET_MS = 15 * MINUTE_MS;
const OFFSET_CACHE_LIMIT = 4096;
const fixedOffset = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter giving wall-clock parts in `zone`; throws RangeError for a zone Intl does not know. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The time zone a conversation's people live in: where "tomorrow" begins and what a served due
 * date's offset is. Either a zone of the IANA database (`Europe/Berlin`, `US/Pacific`), whose
 * offset follows daylight saving time through the runtime's own Intl data, or a fixed offset
 * from UTC (`+05:30`, `-08:00`), which is what the Async and Streaming APIs' `timezoneOffset`
 * says. No time-zone database is shipped: Node's ICU has it.
 */
export class TimeZone {
  static readonly UTC = new TimeZone('UTC', 0);

  /** Canonical name: the IANA zone as the runtime spells it (`America/Los_Angeles` for `US/Pacific`), `UTC`, or `±HH:MM`. */
  readonly name: string;
  /** Minutes east of UTC when the offset is fixed; undefined for IANA zones. */
  readonly #fixed: number | undefined;
  /** Offsets by quarter hour of UTC: Intl takes tens of microseconds to answer. */
  readonly #offsets = new Map<number, number>();

  private constructor(name: string, fixed: number | undefined) {
    this.name = name;
    this.#fixed = fixed;
  }

  /**
   * The zone called `name`: an IANA zone, `UTC`, or a fixed offset `±HH:MM` (also `UTC+2`,
   * `GMT-0530`).
   * @throws ValidationError when the runtime knows no such zone.
   */
  static of(name: string, path = 'timezone'): TimeZone {
    const trimmed = name.trim();
    const fixed = fixedOffset.exec(trimmed);
    if (fixed) {
      const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? 0);
      if (minutes <= 14 * 60 && Number(fixed[3] ?? 0) < 60) {
        return TimeZone.east(fixed[1] === '-' ? -minutes : minutes);
      }
    } else if (trimmed !== '') {
      try {
        const canonical = formatterFor(trimmed).resolvedOptions().timeZone;
        if (canonical === 'UTC' || canonical === 'Etc/UTC' || canonical === 'Etc/GMT') return TimeZone.UTC;
        return new TimeZone(canonical, undefined);
      } catch {
        // Unknown to Intl: reported below.
      }
    }
    throw new ValidationError('time zone', [
      {
        path,
        message: `"${name}" is not a time zone; expected an IANA name such as Europe/Berlin, UTC, or an offset such as -08:00`,
      },
    ]);
  }

  /**
   * The zone called `name`, or undefined when this runtime does not know it (a zone stored by
   * another runtime, one a telephony client sends as it was given).
   */
  static find(name: string): TimeZone | undefined {
    try {
      return TimeZone.of(name);
    } catch {
      return undefined;
    }
  }

  /**
   * The fixed zone of a `timezoneOffset` in the JavaScript `Date.getTimezoneOffset()` convention:
   * minutes *behind* UTC, so 480 is UTC-08:00 (US Pacific standard time).
   */
  static fromTimezoneOffset(minutesBehind: number): TimeZone {
    return TimeZone.east(-minutesBehind);
  }

  /** The fixed zone `minutesEast` minutes ahead of UTC. */
  static east(minutesEast: number): TimeZone {
    if (!Number.isInteger(minutesEast) || Math.abs(minutesEast) > 14 * 60) {
      throw new ValidationError('time zone', [
        { path: 'timezoneOffset', message: 'must be whole minutes from UTC, at most 14 hours either way' },
      ]);
    }
    // -0 and 0 are the same zone.
    return minutesEast === 0 ? TimeZone.UTC : new TimeZone(offsetLabel(minutesEast), minutesEast);
  }

  /** Whether the offset never changes (UTC or a fixed offset). */
  get fixed(): boolean {
    return this.#fixed !== undefined;
  }

  /** Minutes this zone's clocks are ahead of UTC at `instant` (epoch ms); negative west of Greenwich. */
  offsetAt(instant: number): number {
    if (this.#fixed !== undefined) return this.#fixed;
    const bucket = Math.floor(instant / OFFSET_BUCKET_MS);
    const known = this.#offsets.get(bucket);
    if (known !== undefined) return known;
    const at = bucket * OFFSET_BUCKET_MS;
    const c = this.#intlWallClock(at);
    const offset = Math.round(
      (Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - at) / MINUTE_MS,
    );
    if (this.#offsets.size >= OFFSET_CACHE_LIMIT) this.#offsets.clear();
    this.#offsets.set(bucket, offset);
    return offset;
  }

  /** What the clocks of this zone show at `instant` (epoch ms). */
  wallClock(instant: number): WallClock {
    const shifted = new Date(instant + this.offsetAt(instant) * MINUTE_MS);
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
      weekday: shifted.getUTCDay(),
    };
  }

  /**
   * The instant (epoch ms) the clocks of this zone show the given wall time. Out-of-range fields
   * carry over as in `Date.UTC` (day 32 is the 1st of the next month). A time skipped when clocks
   * go forward moves on by the length of the skip (02:30 becomes 03:30); a time that occurs twice
   * when they go back is its first occurrence.
   */
  instantOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
    if (this.#fixed !== undefined) return asUtc - this.#fixed * MINUTE_MS;
    // Offsets on either side of any change within a day of the wanted time.
    const before = this.offsetAt(asUtc - 86_400_000);
    const after = this.offsetAt(asUtc + 86_400_000);
    const early = asUtc - before * MINUTE_MS;
    if (this.offsetAt(early) === before) return early;
    const late = asUtc - after * MINUTE_MS;
    if (this.offsetAt(late) === after) return late;
    // In a gap: neither reading exists; the clocks jumped from `before` to `after` in between.
    return asUtc - before * MINUTE_MS;
  }

  /** Local midnight (epoch ms) of the day `days` after the day `instant` falls on in this zone. */
  startOfDay(instant: number, days = 0): number {
    const c = this.wallClock(instant);
    return this.instantOf(c.year, c.month, c.day + days);
  }

  /**
   * `instant` as an ISO 8601 time with this zone's offset at that moment:
   * `2026-12-11T00:00:00.000+01:00`, or `…Z` where the offset is zero.
   */
  format(instant: number): string {
    const offset = this.offsetAt(instant);
    if (offset === 0) return new Date(instant).toISOString();
    const c = this.wallClock(instant);
    const ms = ((instant % 1000) + 1000) % 1000;
    const year =
      c.year < 0 || c.year > 9999 ? `${c.year < 0 ? '-' : '+'}${pad(Math.abs(c.year), 6)}` : pad(c.year, 4);
    return `${year}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}.${pad(ms, 3)}${offsetLabel(offset)}`;
  }

  toString(): string {
    return this.name;
  }

  toJSON(): string {
    return this.name;
  }

  #intlWallClock(instant: number): WallClock {
    const parts = formatterFor(this.name).formatToParts(instant);
    const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    const bc = parts.find((p) => p.type === 'era')?.value === 'BC';
    const year = bc ? 1 - get('year') : get('year');
    return {
      year,
      month: get('month'),
      day: get('day'),
      hour: get('hour'),
      minute: get('minute'),
      second: get('second'),
      weekday: 0,
    };
  }
}
