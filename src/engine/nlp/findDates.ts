import * as chrono from 'chrono-node';

/** A date expression found in a sentence, resolved in the conversation's local time. */
export interface DateMention {
  text: string;
  /** Character offset of `text` in the sentence. */
  offset: number;
  type: 'date' | 'datetime' | 'daterange' | 'datetimerange';
  /** `YYYY-MM-DD` for dates, `YYYY-MM-DD HH:MM:SS` for datetimes (local time). */
  value?: string;
  start?: string;
  end?: string;
  /** The instant a task due at this expression is due: local midnight of the day, or the time. */
  due: Date;
}

/** When the conversation started and its zone, for resolving "tomorrow" and "next week". */
export interface DateContext {
  /** Conversation start: Date, ISO string or epoch milliseconds. Default: epoch 0. */
  startTime?: Date | string | number;
  /** Minutes behind UTC, JavaScript getTimezoneOffset() convention (480 = US Pacific). */
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

/** Local calendar fields of an instant in a zone `offset` minutes behind UTC. */
function local(instant: Date, offset: number): Date {
  return new Date(instant.getTime() - offset * 60_000);
}
function dayString(localDate: Date): string {
  return `${localDate.getUTCFullYear()}-${pad(localDate.getUTCMonth() + 1)}-${pad(localDate.getUTCDate())}`;
}
function timeString(localDate: Date): string {
  return `${pad(localDate.getUTCHours())}:${pad(localDate.getUTCMinutes())}:${pad(localDate.getUTCSeconds())}`;
}
/** The UTC instant of local midnight of `localDate`'s day plus `days`. */
function localMidnight(localDate: Date, offset: number, days = 0): Date {
  const midnight = Date.UTC(
    localDate.getUTCFullYear(),
    localDate.getUTCMonth(),
    localDate.getUTCDate() + days,
  );
  return new Date(midnight + offset * 60_000);
}

/** Expressions chrono misses or reads differently from meeting talk, resolved here. */
const weekExpressions: Array<{
  re: RegExp;
  resolve(reference: Date): { kind: 'day' | 'week'; days: number };
}> = [
  // Monday-based weeks; "end of the week" is the end of the working week (Friday).
  {
    re: /\b(?:the )?end of (?:the |this )?(?:work ?)?week\b/gi,
    resolve: (r) => ({ kind: 'day', days: 4 - mondayIndex(r) }),
  },
  { re: /\b(?:the )?end of next week\b/gi, resolve: (r) => ({ kind: 'day', days: 11 - mondayIndex(r) }) },
  { re: /\bthis week\b/gi, resolve: (r) => ({ kind: 'week', days: -mondayIndex(r) }) },
  { re: /\bnext week\b/gi, resolve: (r) => ({ kind: 'week', days: 7 - mondayIndex(r) }) },
  { re: /\blast week\b/gi, resolve: (r) => ({ kind: 'week', days: -7 - mondayIndex(r) }) },
  {
    re: /\b(?:(?:the )?end of (?:the )?day|end of today|eod|cob|after lunch|before lunch|later today)\b/gi,
    resolve: () => ({ kind: 'day', days: 0 }),
  },
];
function mondayIndex(localDate: Date): number {
  return (localDate.getUTCDay() + 6) % 7;
}
const bareDuration =
  /^(?:(?:about|around|roughly|approximately|almost|nearly|some|over|under)\s+)?(\d+|a|an|half|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a few|few|several|couple of)\s+(seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?)\b/i;
/**
 * Words without which chrono's English parsers find nothing: figures, month and weekday names,
 * relative-day and time-unit words, spelled-out numbers. Whole words only, so "market", "money",
 * "decide" and "I am" do not send a sentence to chrono (times such as "ten am" carry a number).
 */
const dateCue =
  /\d|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?s?|wednesday|thursday|saturday|tuesday|today|tonight|tomorrow|tmr|yesterday|noon|midnight|mornings?|afternoons?|evenings?|nights?|weekends?|weeks?|months?|years?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|ago|later|o'clock|now|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|third|fifth|end)\b/i;
const pastCue = /\b(since|last|ago|was|were|did|had|went|got|been|yesterday)\b/i;

/**
 * Date expressions of one sentence, found by chrono-node (plus week and end-of-day phrases it
 * misses), resolved against `reference` (when the sentence was said) in the zone `timezoneOffset`
 * minutes behind UTC. Weekdays resolve forwards ("by Thursday") unless the sentence talks about
 * the past ("since Saturday").
 */
export function findDates(text: string, reference: Date, timezoneOffset = 0): DateMention[] {
  const mentions: DateMention[] = [];
  const refLocal = local(reference, timezoneOffset);
  let masked = text;
  for (const { re, resolve } of weekExpressions) {
    for (const m of text.matchAll(re)) {
      const at = m.index ?? 0;
      if (masked.slice(at, at + m[0].length).trim() !== m[0].trim()) continue;
      masked = masked.slice(0, at) + ' '.repeat(m[0].length) + masked.slice(at + m[0].length);
      const r = resolve(refLocal);
      const first = localMidnight(refLocal, timezoneOffset, r.days);
      if (r.kind === 'day') {
        mentions.push({
          text: m[0],
          offset: at,
          type: 'date',
          value: dayString(local(first, timezoneOffset)),
          due: first,
        });
      } else {
        const last = localMidnight(refLocal, timezoneOffset, r.days + 6);
        const friday = localMidnight(refLocal, timezoneOffset, r.days + 4);
        mentions.push({
          text: m[0],
          offset: at,
          type: 'daterange',
          start: dayString(local(first, timezoneOffset)),
          end: dayString(local(last, timezoneOffset)),
          due: friday,
        });
      }
    }
  }
  // chrono costs a fraction of a millisecond per sentence; most sentences hold no date word at all.
  const results = !dateCue.test(masked)
    ? []
    : chrono.casual.parse(
        masked,
        { instant: reference, timezone: -timezoneOffset },
        { forwardDate: !pastCue.test(text) },
      );
  for (const r of results) {
    // chrono reads bare durations ("eight years", "three seconds after") as dates.
    if (
      bareDuration.test(r.text) &&
      !/\bin\s*$/i.test(masked.slice(0, r.index)) &&
      !/\b(ago|from now|later)\b/i.test(r.text)
    ) {
      continue;
    }
    // "1.40 a share": an article read as the meridiem "a(m)".
    if (/^\d{1,2}[.:]\d{2}\s?[ap]$/i.test(r.text)) continue;
    const hasTime = r.start.isCertain('hour');
    const startLocal = local(r.start.date(), timezoneOffset);
    const mention: DateMention = {
      text: r.text,
      offset: r.index,
      type: 'date',
      due: hasTime ? r.start.date() : localMidnight(startLocal, timezoneOffset),
    };
    if (r.end) {
      const endLocal = local(r.end.date(), timezoneOffset);
      mention.type = hasTime ? 'datetimerange' : 'daterange';
      mention.start = hasTime ? `${dayString(startLocal)} ${timeString(startLocal)}` : dayString(startLocal);
      mention.end = hasTime ? `${dayString(endLocal)} ${timeString(endLocal)}` : dayString(endLocal);
    } else if (hasTime) {
      mention.type = 'datetime';
      mention.value = `${dayString(startLocal)} ${timeString(startLocal)}`;
    } else {
      mention.value = dayString(startLocal);
    }
    mentions.push(mention);
  }
  return mentions.sort((a, b) => a.offset - b.offset);
}
