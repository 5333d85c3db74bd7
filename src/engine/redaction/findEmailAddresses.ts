import { hasCue } from './contextCue.ts';
import type { PiiSpan } from './PiiSpan.ts';

/** Words that announce an address when it is spoken ("my email is ..."). */
const EMAIL_CUE = /\b(?:e-?mail|address|mail)\b/i;

const WRITTEN =
  /(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b/g;

/** Top-level domains a recogniser spells out after "dot". */
const TLDS = 'com|org|net|edu|gov|io|co|uk|us|de|fr|ca|au|in|info|biz|me|ai|dev|app';
const SPOKEN = new RegExp(
  `\\b([a-z0-9]+(?:\\s+(?:dot|underscore|dash)\\s+[a-z0-9]+)*)\\s+at\\s+([a-z0-9]+(?:\\s+dot\\s+[a-z0-9]+)*\\s+dot\\s+(?:${TLDS}))\\b`,
  'gi',
);

/**
 * E-mail addresses as written (`ana.lima+quotes@example.co.uk`) and as a recogniser hears them
 * (`ana dot lima at example dot com`, or `ana at example dot com` after "e-mail"); the value is
 * the address, lower-cased.
 */
export function findEmailAddresses(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(WRITTEN)) {
    const start = match.index ?? 0;
    spans.push({
      type: 'EMAIL_ADDRESS',
      start,
      end: start + match[0].length,
      text: match[0],
      value: match[0].toLowerCase(),
    });
  }
  for (const match of text.matchAll(SPOKEN)) {
    const start = match.index ?? 0;
    // "I work at acme dot com" is a workplace: a spoken local part needs a dot or an e-mail cue.
    const compound = /\s(?:dot|underscore|dash)\s/i.test(match[1]!);
    if (!compound && !hasCue(text, start, start + match[0].length, EMAIL_CUE)) continue;
    const spell = (words: string) =>
      words
        .toLowerCase()
        .replace(/\s+dot\s+/g, '.')
        .replace(/\s+underscore\s+/g, '_')
        .replace(/\s+dash\s+/g, '-');
    spans.push({
      type: 'EMAIL_ADDRESS',
      start,
      end: start + match[0].length,
      text: match[0],
      value: `${spell(match[1]!)}@${spell(match[2]!)}`,
    });
  }
  return spans;
}
