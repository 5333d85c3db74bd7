/**
 * Whether one of `cue`'s words appears in the `window` characters before `start` (or, for a cue
 * said after the value, just after `end`): "my social is 123 45 6789", "call me at 4155550123".
 * Bare digits are identifiers only when something around them says which.
 */
export function hasCue(text: string, start: number, end: number, cue: RegExp, window = 48): boolean {
  const before = text.slice(Math.max(0, start - window), start);
  const after = text.slice(end, end + 24);
  return cue.test(before) || cue.test(after);
}

/** Words that announce a phone number ("number" only as someone's number, not an order's). */
export const PHONE_CUE =
  /\b(?:call|phone|cell|mobile|reach|text me|text|dial|fax|landline|telephone|tel|(?:my|your|his|her|their|our|best|contact|callback|direct|home|work|office)\s+number)\b/i;
/** Words that make a run of digits something else than a phone number. */
export const NOT_PHONE_CUE =
  /\b(?:order|invoice|reference|ref|tracking|account|po|ticket|case|confirmation|serial|build|version|room|flight|zip)\b/i;

/** Where the last match of `cue` in `text` starts (-1 when none). */
export function lastCue(text: string, cue: RegExp): number {
  let last = -1;
  for (const match of text.matchAll(new RegExp(cue.source, `${cue.flags.replace('g', '')}g`)))
    last = match.index ?? last;
  return last;
}
/** Words that announce a Social Security number. */
export const SSN_CUE = /\b(?:social(?:\s+security)?|ssn|s\s?s\s?n)\b/i;
/** Words that announce a payment card number. */
export const CARD_CUE = /\b(?:card|visa|mastercard|amex|american express|discover|credit|debit)\b/i;
