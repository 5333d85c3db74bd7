import { CalendarDay } from './CalendarDay.ts';

/** A week, month, quarter or year named relative to today, or a day at the end of one. */
export interface PeriodMention {
  text: string;
  offset: number;
  /** First and last day; the same day for "end of the week" or "end of day". */
  first: CalendarDay;
  last: CalendarDay;
  /** True for a single day ("end of the month"), false for a range ("next quarter"). */
  single: boolean;
  /** The words point back ("last quarter", "the previous week"): a reference, never a due date. */
  past: boolean;
  /** The day a task due at this expression is due: the end of the period (a week's Friday). */
  dueDay: CalendarDay;
}

type Unit = 'week' | 'month' | 'quarter' | 'year';

/** The first and last day of the `unit` containing `day`, moved `k` units on. Weeks run Monday to Sunday. */
function periodOf(unit: Unit, day: CalendarDay, k: number): [CalendarDay, CalendarDay] {
  switch (unit) {
    case 'week': {
      const monday = day.plusDays(-day.mondayIndex + 7 * k);
      return [monday, monday.plusDays(6)];
    }
    case 'month':
      return [CalendarDay.of(day.year, day.month + k, 1), CalendarDay.of(day.year, day.month + k + 1, 0)];
    case 'quarter': {
      const firstMonth = Math.floor((day.month - 1) / 3) * 3 + 1 + 3 * k;
      return [CalendarDay.of(day.year, firstMonth, 1), CalendarDay.of(day.year, firstMonth + 3, 0)];
    }
    case 'year':
      return [CalendarDay.of(day.year + k, 1, 1), CalendarDay.of(day.year + k, 12, 31)];
  }
}

/** A period's last day as a deadline: a week ends with its working days (Friday). */
function endOf(unit: Unit, period: [CalendarDay, CalendarDay]): CalendarDay {
  return unit === 'week' ? period[0].plusDays(4) : period[1];
}

function shiftOf(relation: string | undefined): number {
  const word = (relation ?? '').toLowerCase().replace(/^the\s+/, '');
  if (/^(?:next|coming|following)$/.test(word)) return 1;
  if (/^(?:last|past|previous|prior)$/.test(word)) return -1;
  return 0;
}

const patterns: Array<{
  re: RegExp;
  read(m: RegExpExecArray, today: CalendarDay, ahead: boolean): Omit<PeriodMention, 'text' | 'offset'>;
}> = [
  {
    // "the end of the day", "EOD", "close of business", "later today": today.
    re: /\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|today|business\s+day)|eod|cob|close\s+of\s+business|after\s+lunch|before\s+lunch|later\s+today)\b/gi,
    read: (_m, today) => ({ first: today, last: today, single: true, past: false, dueDay: today }),
  },
  {
    // "(by) the end of the (working) week", "end of next month", "the end of the quarter".
    re: /\b(?:the\s+)?end\s+of\s+(?:(the|this|(?:the\s+)?(?:current|next|coming|following|last|past|previous|prior))\s+)?(?:work(?:ing)?\s*)?(week|month|quarter|year)\b/gi,
    read(m, today, ahead) {
      const unit = m[2]!.toLowerCase() as Unit;
      const k = shiftOf(m[1]);
      let day = endOf(unit, periodOf(unit, today, k));
      // Said on a weekend, "the end of the week" ahead is next Friday, not the one just gone.
      if (ahead && k === 0 && day.isBefore(today)) day = endOf(unit, periodOf(unit, today, 1));
      return { first: day, last: day, single: true, past: k < 0, dueDay: day };
    },
  },
  {
    // "next week", "this quarter", "the previous month", "last year".
    re: /\b((?:the\s+)?(?:this|current|next|coming|following|last|past|previous|prior))\s+(week|month|quarter|year)\b/gi,
    read(m, today) {
      const unit = m[2]!.toLowerCase() as Unit;
      const k = shiftOf(m[1]);
      const period = periodOf(unit, today, k);
      const end = endOf(unit, period);
      // "This week" said after Friday is due today at the latest.
      const dueDay = end.isBefore(today) && !period[1].isBefore(today) ? today : end;
      return { first: period[0], last: period[1], single: false, past: k < 0, dueDay };
    },
  },
  {
    // "Q3", "Q3 2027", "the third quarter", "the first quarter of next year".
    re: /\b(?:q([1-4])|(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)(?:\s+(?:of\s+)?(?:(this|next|last)\s+year|(\d{4})))?\b/gi,
    read(m, today, ahead) {
      const ordinal = m[1] ?? m[2]!.toLowerCase();
      const n =
        { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 }[ordinal] ??
        Number(ordinal);
      let year = m[4] !== undefined ? Number(m[4]) : today.year + shiftOf(m[3]);
      const quarter = (y: number) => periodOf('quarter', CalendarDay.of(y, n * 3, 1), 0);
      if (m[3] === undefined && m[4] === undefined) {
        // A quarter named without its year is the next one to end (ahead) or the last to begin.
        if (ahead && quarter(year)[1].isBefore(today)) year += 1;
        else if (!ahead && today.isBefore(quarter(year)[0])) year -= 1;
      }
      const period = quarter(year);
      return {
        first: period[0],
        last: period[1],
        single: false,
        past: period[1].isBefore(today),
        dueDay: period[1],
      };
    },
  },
];

/** A word every pattern above contains. */
const periodCue = /\b(?:end|eod|cob|close|lunch|later|week|month|quarter|year|q[1-4])\b/i;

/**
 * Weeks, months, quarters and years named relative to `today`, and the days at their ends, which
 * chrono misses or reads as a single day a period later. `ahead(offset, length)` says whether
 * the clause of a phrase looks ahead; it decides only phrases that read both ways (the end of
 * the week, said on a weekend; a quarter named without its year). Matches never overlap.
 */
export function findCalendarPeriods(
  text: string,
  today: () => CalendarDay,
  ahead: (offset: number, length: number) => boolean,
): PeriodMention[] {
  const found: PeriodMention[] = [];
  if (!periodCue.test(text)) return found;
  for (const { re, read } of patterns) {
    for (const m of text.matchAll(re)) {
      const offset = m.index ?? 0;
      const end = offset + m[0].length;
      if (found.some((f) => offset < f.offset + f.text.length && f.offset < end)) continue;
      found.push({ text: m[0], offset, ...read(m as RegExpExecArray, today(), ahead(offset, m[0].length)) });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}
