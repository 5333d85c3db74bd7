import { clauseAround } from './clauseTense.ts';

/**
 * Time words that name no time anybody means: greetings ("good morning", "morning, everyone",
 * "how can I help you today", "thanks for joining us today"), "the days", and "now" as a filler
 * ("right now", "for now", "we now have"). Parsers read them as dates; a meeting's entities and
 * due dates are better without them.
 */

/** Spans to hide from the date parser, found before it runs. */
const hidden: RegExp[] = [
  /\bgood\s+(?:morning|afternoon|evening|night|day)\b/gi,
  /^\s*(?:morning|afternoon|evening)\b(?=\s*(?:[,.!]|$|everyone|everybody|all\b|guys|folks|team|there\b))/gi,
  /\b(?:the|these|those|some|other)\s+days\b/gi,
  /\b(?:right|just|for|by|until|till|up\s+to|as\s+of|even)\s+now\b/gi,
  /\bnow\s+that\b/gi,
];

/** "today" in a courtesy: serving ("how can I help you today"), welcoming, asking after someone. */
const courtesyToday =
  /\bhelp(?:\s+you)?(?:\s+with\s+\w+)?\s+today\b|\b(?:with|join|joining)\s+us\s+today\b|\bhow\s+are\s+you(?:\s+doing|\s+feeling)?\s+today\b/i;
/** A clause that opens with thanks or a welcome ("thanks for taking the time to talk today"). */
const courtesyOpening = /^\s*(?:thanks?|thank\s+you|welcome|(?:good|nice|great)\s+to\s+(?:see|have|meet))\b/i;
const intent =
  /\b(?:will|'ll|shall|going to|gonna|need|needs|have to|has to|must|should|can|could|let's|please|by|until|before|due)\b/i;

/**
 * The character ranges of `text` that the date parser should not see. "today" is hidden only
 * in a courtesy with no intention in its clause: "how can I help you today" and "thanks for
 * taking the time to talk today", but not "can you call me today".
 */
export function timelessSpans(text: string): Array<{ offset: number; length: number }> {
  const spans: Array<{ offset: number; length: number }> = [];
  for (const re of hidden) {
    for (const m of text.matchAll(re)) spans.push({ offset: m.index ?? 0, length: m[0].length });
  }
  for (const m of text.matchAll(/\btoday\b/gi)) {
    const at = m.index ?? 0;
    const clause = clauseAround(text, at, m[0].length);
    const isCourtesy = courtesyToday.test(clause) || courtesyOpening.test(clause);
    if (isCourtesy && !intent.test(clause.replace(/\b(?:can|may)\s+i\s+help\b/i, '')))
      spans.push({ offset: at, length: m[0].length });
  }
  return spans;
}

/**
 * Whether a bare "now" at `offset` is a filler: anything but a clause ending in it ("I'll go back
 * now"), and never at the start of a sentence ("Now, the budget").
 */
export function isFillerNow(text: string, offset: number): boolean {
  const before = text.slice(0, offset);
  const after = text.slice(offset + 3);
  if (/^[\s"'(]*$/.test(before) || /(?:^|[.!?]\s*)(?:so|and|but|ok|okay|well|right)?[\s,]*$/i.test(before))
    return true;
  return !/^\s*(?:[.,;!?)]|$)/.test(after);
}

/** Bare durations: "for three days", "about 2.5 hours", "several weeks" (chrono reads them as dates). */
const duration =
  /^(?:(?:for|about|around|roughly|approximately|almost|nearly|some|over|under|at\s+least|at\s+most|more\s+than|less\s+than)\s+)*(?:the\s+)?(?:\d+(?:[.,]\d+)?|a|an|half\s+an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a\s+few|few|several|couple\s+of|a\s+couple\s+of)\s*(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|weeks?|months?|quarters?|years?|yrs?)\b(?:\s+(?:and\s+)?\d+\s*(?:minutes?|mins?|seconds?|secs?))?/i;

/**
 * Whether a parsed expression is a length of time rather than a point in it: a bare duration
 * not placed by "in", "ago", "from now", or "after"/"before" something ("in three days" and
 * "two days after today" are dates; "for three days" and "three seconds after" are not).
 */
export function isDuration(expression: string, textBefore: string): boolean {
  if (!duration.test(expression)) return false;
  if (/\b(?:ago|from\s+now|later|from\s+today)\b|\b(?:after|before)\s+\w/i.test(expression)) return false;
  return (
    /^(?:for|about|around|roughly|approximately|almost|nearly|some|over|under|at|more|less)\b/i.test(
      expression,
    ) || !/\b(?:in|within)\s*$/i.test(textBefore)
  );
}

/** Whether the expression repeats ("every Monday", "3pm each day"): a schedule, not a date. */
export function isRecurring(expression: string, textBefore: string, textAfter: string): boolean {
  return (
    /\b(?:every|each)\s*$/i.test(textBefore) ||
    /^(?:every|each)\b/i.test(expression) ||
    /^\s*(?:every|each)\s+(?:day|week|month|year|morning|afternoon|evening|night)\b/i.test(textAfter)
  );
}
