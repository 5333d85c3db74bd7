import type { PiiSpan } from './PiiSpan.ts';

/** IBAN length by country (ISO 13616 registry), for the countries of the SEPA area and a few more. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TN: 24,
  TR: 26,
  UA: 29,
  VG: 24,
  XK: 20,
};

const CANDIDATE = /\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}\b/g;

/** The ISO 7064 mod 97-10 check: the rearranged number read as an integer is 1 modulo 97. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/**
 * International Bank Account Numbers: a country code, two check digits and the account, with or
 * without blanks every four characters, of the length the country's IBANs have and passing the
 * mod-97 check. Upper or lower case.
 */
export function findIbans(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    // The candidate may run into a following word; try the longest prefix that is an IBAN.
    const raw = match[0];
    const start = match.index ?? 0;
    for (let end = raw.length; end >= 15; end--) {
      if (raw[end - 1] === ' ') continue;
      const candidate = raw.slice(0, end);
      const compact = candidate.replace(/ /g, '').toUpperCase();
      if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) continue;
      if (mod97(compact) !== 1) continue;
      spans.push({ type: 'IBAN_CODE', start, end: start + end, text: candidate, value: compact });
      break;
    }
  }
  return spans;
}
