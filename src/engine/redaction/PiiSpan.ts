/**
 * Kinds of personal (PII) and payment (PCI) data the redaction stage finds. The names follow
 * Symbl's documented list (`SSN` is the one its examples spell out); each entity carries one.
 */
export const PII_TYPES = [
  'PERSON_NAME',
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'CREDIT_DEBIT_CARD_NUMBER',
  'SSN',
  'IBAN_CODE',
  'ADDRESS',
] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** One identifier found in a text: where it is (`[start, end)` in UTF-16 units), what, and its normal form. */
export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
  /** The text as written (or spoken) there. */
  text: string;
  /**
   * Its normal form: an address lower-cased, numbers as digits (`+` kept), an IBAN upper-case
   * without blanks, a name or street address as written.
   */
  value: string;
}
