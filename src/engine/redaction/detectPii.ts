import type { EngineSpeaker } from '../nlp/EngineMessage.ts';
import { findDigitRuns } from './digitRuns.ts';
import { findEmailAddresses } from './findEmailAddresses.ts';
import { findIbans } from './findIbans.ts';
import { findPaymentCards } from './findPaymentCards.ts';
import { findPersonNames } from './findPersonNames.ts';
import { findPhoneNumbers } from './findPhoneNumbers.ts';
import { findSsns } from './findSsns.ts';
import { findStreetAddresses } from './findStreetAddresses.ts';
import type { PiiSpan, PiiType } from './PiiSpan.ts';

/** Options of {@link detectPii}. */
export interface DetectPiiOptions {
  /** Speakers of the conversation: their names are people wherever they are said. */
  members?: readonly EngineSpeaker[];
  /** Kinds to look for (default: all). */
  types?: readonly PiiType[];
}

/** When two findings overlap, the one that is surer of its kind wins (a Luhn-valid card over a phone number). */
const PRIORITY: Readonly<Record<PiiType, number>> = {
  CREDIT_DEBIT_CARD_NUMBER: 0,
  IBAN_CODE: 1,
  EMAIL_ADDRESS: 2,
  SSN: 3,
  PHONE_NUMBER: 4,
  ADDRESS: 5,
  PERSON_NAME: 6,
};

/**
 * Every identifier in `text`: e-mail addresses, phone numbers, payment card numbers, Social
 * Security numbers, IBANs, street addresses and person names, written or spoken, without
 * overlaps, in text order.
 */
export function detectPii(text: string, options: DetectPiiOptions = {}): PiiSpan[] {
  const wanted = new Set(options.types ?? Object.keys(PRIORITY));
  const runs = findDigitRuns(text);
  const found: PiiSpan[] = [];
  const add = (type: PiiType, find: () => PiiSpan[]) => {
    if (wanted.has(type)) found.push(...find());
  };
  add('CREDIT_DEBIT_CARD_NUMBER', () => findPaymentCards(text, runs));
  add('IBAN_CODE', () => findIbans(text));
  add('EMAIL_ADDRESS', () => findEmailAddresses(text));
  add('SSN', () => findSsns(text, runs));
  add('PHONE_NUMBER', () => findPhoneNumbers(text, runs));
  add('ADDRESS', () => findStreetAddresses(text));
  add('PERSON_NAME', () => findPersonNames(text, options.members));
  return withoutOverlaps(found);
}

/** Keeps, among overlapping spans, the one of higher priority (then the longer); sorted by start. */
export function withoutOverlaps(spans: readonly PiiSpan[]): PiiSpan[] {
  const ranked = [...spans].sort(
    (a, b) => PRIORITY[a.type] - PRIORITY[b.type] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiSpan[] = [];
  for (const span of ranked) {
    if (kept.every((k) => span.end <= k.start || span.start >= k.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}
