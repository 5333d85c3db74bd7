import { hasCue, SSN_CUE } from './contextCue.ts';
import type { DigitRun } from './digitRuns.ts';
import type { PiiSpan } from './PiiSpan.ts';

/** Area numbers never issued: 000, 666 and 900-999 (the Social Security Administration's rules). */
function issuable(digits: string): boolean {
  const area = digits.slice(0, 3);
  return (
    area !== '000' &&
    area !== '666' &&
    area[0] !== '9' &&
    digits.slice(3, 5) !== '00' &&
    digits.slice(5) !== '0000'
  );
}

/**
 * US Social Security numbers: nine digits with an issuable area, group and serial, written
 * `123-45-6789` or `123 45 6789`, or as a bare or spoken run when "social security" or "SSN" is
 * said nearby (nine digits alone are as often an order number).
 */
export function findSsns(text: string, runs: readonly DigitRun[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const run of runs) {
    if (run.digits.length !== 9 || run.plus || !issuable(run.digits)) continue;
    const formatted = run.groups.join('-') === '3-2-4' && run.separators.every((s) => s === '-' || s === ' ');
    if (formatted || hasCue(text, run.start, run.end, SSN_CUE)) {
      const d = run.digits;
      spans.push({
        type: 'SSN',
        start: run.start,
        end: run.end,
        text: run.text,
        value: `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`,
      });
    }
  }
  return spans;
}
