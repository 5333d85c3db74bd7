const DAY_MS = 86_400_000;

/**
 * A day of the calendar, with no time and no zone: what "Friday" or "the 3rd of May" names.
 * Kept as the UTC midnight of that date so that adding days is plain arithmetic.
 */
export class CalendarDay {
  /** `Date.UTC` of the day's midnight. */
  readonly utcMs: number;

  private constructor(utcMs: number) {
    this.utcMs = utcMs;
  }

  /** The day of a date; out-of-range fields carry over as in `Date.UTC` (month 13 is January). */
  static of(year: number, month: number, day: number): CalendarDay {
    return new CalendarDay(Date.UTC(year, month - 1, day));
  }

  get year(): number {
    return new Date(this.utcMs).getUTCFullYear();
  }

  /** 1-12. */
  get month(): number {
    return new Date(this.utcMs).getUTCMonth() + 1;
  }

  get day(): number {
    return new Date(this.utcMs).getUTCDate();
  }

  /** 0 = Monday … 6 = Sunday (weeks start on Monday here). */
  get mondayIndex(): number {
    return (new Date(this.utcMs).getUTCDay() + 6) % 7;
  }

  plusDays(days: number): CalendarDay {
    return new CalendarDay(this.utcMs + days * DAY_MS);
  }

  /** The same day `months` months later, clamped to the month's last day. */
  plusMonths(months: number): CalendarDay {
    const last = CalendarDay.of(this.year, this.month + months + 1, 0).day;
    return CalendarDay.of(this.year, this.month + months, Math.min(this.day, last));
  }

  /** Days from `other` to this day (negative when this one is earlier). */
  daysAfter(other: CalendarDay): number {
    return Math.round((this.utcMs - other.utcMs) / DAY_MS);
  }

  isBefore(other: CalendarDay): boolean {
    return this.utcMs < other.utcMs;
  }

  /** `YYYY-MM-DD`, as entity values are served. */
  toString(): string {
    return new Date(this.utcMs).toISOString().slice(0, 10);
  }
}
