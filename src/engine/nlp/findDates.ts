import * as chrono from 'chrono-node';
import { TimeZone } from '../time/TimeZone.ts';
import { CalendarDay } from './CalendarDay.ts';
import { findCalendarPeriods } from './calendarPeriods.ts';
import { clauseAround, isPastClause } from './clauseTense.ts';
import { isDuration, isFillerNow, isRecurring, timelessSpans } from './timelessWords.ts';

/** A date expression found in a sentence, resolved in the conversation's time zone. */
export interface DateMention {
  text: string;
  /** Character offset of `text` in the sentence. */
  offset: number;
  type: 'date' | 'datetime' | 'daterange' | 'datetimerange';
  /** `YYYY-MM-DD` for dates, `YYYY-MM-DD HH:MM:SS` for datetimes, as the zone's clocks read. */
  value?: string;
  start?: string;
  end?: string;
  /**
   * When a task due at this expression is due: midnight at the start of its day in the zone, or
   * its time when it names one; for a range, its end (a week's Friday). Never before the moment
   * the sentence was said (on or after its day, for a day): past references ("since Sunday",
   * "last quarter") have none.
   */
  due?: Date;
}

/** When the conversation started and its zone, for resolving "tomorrow" and "next week". */
export interface DateContext {
  /** Conversation start: Date, ISO string or epoch milliseconds. Default: epoch 0. */
  startTime?: Date | string | number;
  /** The conversation's zone. Wins over `timezoneOffset`. Default UTC. */
  timeZone?: TimeZone;
  /** Minutes behind UTC, JavaScript getTimezoneOffset() convention (480 = US Pacific standard time). */
  timezoneOffset?: number;
}

/** The instant `seconds` after the conversation start. */
export function conversationInstant(context: DateContext, seconds: number): Date {
  const base =
    context.startTime === undefined ? 0 : new Date(context.startTime as string | number | Date).getTime();
  const ms = Number.isFinite(base) ? base : 0;
  return new Date(ms + (Number.isFinite(seconds) ? seconds : 0) * 1000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A wall-clock reading of a chrono result, in the zone it was parsed in. */
interface Wall {
  day: CalendarDay;
  hour: number;
  minute: number;
  second: number;
}

function wallOf(c: chrono.ParsedComponents): Wall {
  return {
    day: CalendarDay.of(c.get('year') ?? 1970, c.get('month') ?? 1, c.get('day') ?? 1),
    hour: c.get('hour') ?? 0,
    minute: c.get('minute') ?? 0,
    second: c.get('second') ?? 0,
  };
}

function wallString(w: Wall, withTime: boolean): string {
  return withTime ? `${w.day} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` : String(w.day);
}

function instantOf(w: Wall, zone: TimeZone, withTime: boolean): number {
  const d = w.day;
  return withTime
    ? zone.instantOf(d.year, d.month, d.day, w.hour, w.minute, w.second)
    : zone.instantOf(d.year, d.month, d.day);
}

/** How to move an expression that reads both ways by one of its own periods: a week, a day, a year. */
function period(c: chrono.ParsedComponents): { days: number } | { years: number } | undefined {
  if (c.isCertain('day')) return c.isCertain('year') ? undefined : { years: 1 };
  if (c.isCertain('weekday')) return { days: 7 };
  if (c.isCertain('month')) return c.isCertain('year') ? undefined : { years: 1 };
  if (c.isCertain('hour')) return { days: 1 };
  return undefined;
}

function moved(w: Wall, step: { days: number } | { years: number }, times: number): Wall {
  const day =
    'days' in step
      ? w.day.plusDays(step.days * times)
      : CalendarDay.of(w.day.year + step.years * times, w.day.month, w.day.day);
  return { ...w, day };
}

/** Words in an expression that point back: "last Friday", "two days ago", "the previous week". */
const pastWords = /\b(?:last|past|previous|prior|ago|yesterday|earlier|before\s+yesterday)\b/i;
/** Words without which chrono's English parsers find nothing: figures, month and weekday names, relative-day and time-unit words, spelled-out numbers. Whole words only, so "market", "money", "decide" and "I am" do not send a sentence to chrono (times such as "ten am" carry a number). */
const dateCue =
  /\d|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?s?|wednesday|thursday|saturday|tuesday|today|tonight|tomorrow|tmr|yesterday|noon|midnight|mornings?|afternoons?|evenings?|nights?|weekends?|weeks?|months?|years?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|ago|later|o'clock|now|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|third|fifth|end)\b/i;

/** `text` with the given ranges blanked (same length, so offsets hold). */
function blank(text: string, ranges: ReadonlyArray<{ offset: number; length: number }>): string {
  let out = text;
  for (const r of ranges)
    out = out.slice(0, r.offset) + ' '.repeat(r.length) + out.slice(r.offset + r.length);
  return out;
}

/**
 * Date expressions of one sentence, resolved against `reference` (when it was said) in `zone`.
 * Weeks, months, quarters and years named relative to now, and the ends of them, are read here;
 * everything else by chrono-node. An expression that reads both ways ("Friday", "at 3",
 * "March") is taken as the next such time on or after the moment of speaking, unless it points
 * back itself ("last Friday"), follows "since", or sits in a clause about the past ("it went
 * down on Saturday"); then it is the last such time, and it has no due date. Greetings, fillers
 * and durations ("good morning", "right now", "for two days") are not dates.
 */
export function findDates(text: string, reference: Date, zone: TimeZone = TimeZone.UTC): DateMention[] {
  const refMs = reference.getTime();
  let todayOnce: CalendarDay | undefined;
  const today = (): CalendarDay => {
    if (todayOnce === undefined) {
      const now = zone.wallClock(refMs);
      todayOnce = CalendarDay.of(now.year, now.month, now.day);
    }
    return todayOnce;
  };
  const startOfToday = (): number => {
    const day = today();
    return zone.instantOf(day.year, day.month, day.day);
  };
  const looksBack = (offset: number, length: number) => isPastClause(clauseAround(text, offset, length));
  const mentions: DateMention[] = [];
  const dueFrom = (instant: number, withTime: boolean): Date | undefined =>
    // A time said a minute ago is still "now"; a day is due from its midnight.
    instant >= (withTime ? refMs - 60_000 : startOfToday()) ? new Date(instant) : undefined;

  const periods = findCalendarPeriods(text, today, (offset, length) => !looksBack(offset, length));
  for (const p of periods) {
    const due = p.past
      ? undefined
      : dueFrom(zone.instantOf(p.dueDay.year, p.dueDay.month, p.dueDay.day), false);
    const mention: DateMention = p.single
      ? { text: p.text, offset: p.offset, type: 'date', value: String(p.first) }
      : { text: p.text, offset: p.offset, type: 'daterange', start: String(p.first), end: String(p.last) };
    if (due !== undefined) mention.due = due;
    mentions.push(mention);
  }
  const masked = blank(text, [
    ...periods.map((p) => ({ offset: p.offset, length: p.text.length })),
    ...timelessSpans(text),
  ]);
  // chrono costs a fraction of a millisecond per sentence; most sentences hold no date word at all.
  const results = dateCue.test(masked)
    ? chrono.casual.parse(masked, { instant: reference, timezone: zone.offsetAt(refMs) })
    : [];
  for (const r of results) {
    const before = masked.slice(0, r.index);
    const after = masked.slice(r.index + r.text.length);
    if (isDuration(r.text, before) || isRecurring(r.text, before, after)) continue;
    if (/^now$/i.test(r.text) && isFillerNow(masked, r.index)) continue;
    // "1.40 a share": an article read as the meridiem "a(m)".
    if (/^\d{1,2}[.:]\d{2}\s?[ap]$/i.test(r.text)) continue;
    const hasTime = r.start.isCertain('hour');
    let start = wallOf(r.start);
    let end = r.end ? wallOf(r.end) : undefined;
    // The words decide whether it is a reference to the past; failing that, the clause decides
    // which way an expression that reads both ways is read.
    const pointsBack = pastWords.test(r.text) || /\bsince\s*$/i.test(before) || /^since\b/i.test(r.text);
    const back = pointsBack || looksBack(r.index, r.text.length);
    const step = period(r.start);
    if (step !== undefined) {
      // chrono takes the nearest reading; move it to the side the sentence looks at.
      const at = (w: Wall) => instantOf(w, zone, hasTime);
      const threshold = hasTime ? refMs - 60_000 : startOfToday();
      let times = 0;
      if (!back) while (at(moved(start, step, times)) < threshold && times < 2) times++;
      else while (at(moved(start, step, times)) > (hasTime ? refMs : threshold) && times > -2) times--;
      start = moved(start, step, times);
      if (end) end = moved(end, step, times);
    }
    const mention: DateMention = { text: r.text, offset: r.index, type: 'date' };
    if (end) {
      mention.type = hasTime ? 'datetimerange' : 'daterange';
      mention.start = wallString(start, hasTime);
      mention.end = wallString(end, hasTime);
    } else {
      mention.type = hasTime ? 'datetime' : 'date';
      mention.value = wallString(start, hasTime);
    }
    const due = pointsBack ? undefined : dueFrom(instantOf(end ?? start, zone, hasTime), hasTime);
    if (due !== undefined) mention.due = due;
    mentions.push(mention);
  }
  return mentions.sort((a, b) => a.offset - b.offset);
}
