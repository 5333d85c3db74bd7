import { CARD_CUE, hasCue } from './contextCue.ts';
import type { DigitRun } from './digitRuns.ts';
import type { PiiSpan } from './PiiSpan.ts';

/** Issuer prefixes of the card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
const ISSUER =
  /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6(?:011|5|4[4-9]|22)|35(?:2[89]|[3-8])|3(?:0[0-5]|[689])|62|5[06-8]|6\d)/;

/** The Luhn (mod 10) check every payment card number passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Payment card numbers: 13 to 19 digits that pass the Luhn check and start with a card network's
 * prefix, written as one block or in the usual groups (4-4-4-4, Amex 4-6-5), or said digit by
 * digit. A spoken run also counts when "card" (or a network) is said near it.
 */
export function findPaymentCards(text: string, runs: readonly DigitRun[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const run of runs) {
    const { digits } = run;
    if (digits.length < 13 || digits.length > 19 || run.plus || !luhnValid(digits)) continue;
    const grouped =
      run.groups.length === 1 ||
      run.groups.every((g) => g === 4 || g === digits.length % 4) ||
      run.groups.join('-') === '4-6-5' ||
      run.groups.join('-') === '4-6-4';
    const looksLikeCard = ISSUER.test(digits) && (grouped || run.spoken);
    if (looksLikeCard || (run.spoken && hasCue(text, run.start, run.end, CARD_CUE))) {
      spans.push({
        type: 'CREDIT_DEBIT_CARD_NUMBER',
        start: run.start,
        end: run.end,
        text: run.text,
        value: digits,
      });
    }
  }
  return spans;
}
