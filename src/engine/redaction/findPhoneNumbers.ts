import { hasCue, lastCue, NOT_PHONE_CUE, PHONE_CUE } from './contextCue.ts';
import type { DigitRun } from './digitRuns.ts';
import type { PiiSpan } from './PiiSpan.ts';

/**
 * Phone numbers in national and international forms:
 * - international: `+` and 8 to 15 digits in any grouping (`+44 20 7946 0958`, `+1 (415) 555-0123`);
 * - North American: 10 digits grouped 3-3-4, optionally after a `1` (`(415) 555-0123`,
 *   `1-800-555-0199`, `415.555.0123`), area and exchange not starting with 0 or 1;
 * - national with a trunk `0`: 10 or 11 digits in at least two groups (`020 7946 0958`,
 *   `06 12 34 56 78`);
 * - `00` and the country code (`0044 20 7946 0958`);
 * - bare or spoken runs of 7 to 15 digits, and local numbers (`555-0123`), when a word around them
 *   says "call", "phone", "my number" and the like, and spoken runs of 10 or 11 digits in any case
 *   (a spoken run that long is an identifier);
 * - never a run announced as an order, invoice, ticket, tracking or reference number.
 */
export function findPhoneNumbers(text: string, runs: readonly DigitRun[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const run of runs) {
    if (isPhoneNumber(text, run)) {
      spans.push({
        type: 'PHONE_NUMBER',
        start: run.start,
        end: run.end,
        text: run.text,
        value: `${run.plus ? '+' : ''}${run.digits}`,
      });
    }
  }
  return spans;
}

function isPhoneNumber(text: string, run: DigitRun): boolean {
  const { digits, groups } = run;
  const n = digits.length;
  if (run.plus) return n >= 8 && n <= 15 && groups.length >= 1;
  // "0044 20 7946 0958": the international call prefix instead of "+".
  if (digits.startsWith('00') && digits[2] !== '0' && n >= 10 && n <= 17 && groups.length >= 2) return true;
  const shape = groups.join('-');
  const northAmerican = /^[2-9]\d{2}[2-9]\d{6}$/;
  if (
    (shape === '3-3-4' && northAmerican.test(digits)) ||
    (shape === '1-3-3-4' && digits[0] === '1' && northAmerican.test(digits.slice(1)))
  ) {
    return !/^\d{3}[-.]\d{3}[-.]\d{4}$/.test(run.text) || run.separators[0] === run.separators[1];
  }
  if (digits[0] === '0' && (n === 10 || n === 11) && groups.length >= 2 && groups.every((g) => g >= 2))
    return true;
  // The nearer cue decides: "call me about ticket 9717668" is a ticket.
  const before = text.slice(Math.max(0, run.start - 40), run.start);
  if (lastCue(before, NOT_PHONE_CUE) > lastCue(before, PHONE_CUE)) return false;
  if (run.spoken && (n === 10 || n === 11)) return true;
  // A bare run, or a local number without its area code ("555-0123").
  const local = shape === '3-4' && /^[2-9]/.test(digits);
  const bare = groups.length === 1 || run.spoken || local;
  return bare && n >= 7 && n <= 15 && hasCue(text, run.start, run.end, PHONE_CUE);
}
