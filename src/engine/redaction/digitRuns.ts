import { SPOKEN_DIGITS } from '../nlp/spokenDigits.ts';

/**
 * Runs of digits as people write or say them: `(415) 555-0123`, `4111 1111 1111 1111`,
 * `four one five, five five five...`, `double seven`. Identifiers are told apart by their digits
 * and grouping, so each detector reads these runs instead of matching raw text.
 */

/** One run: its place in the text, its digits, how they were grouped, and how they were said. */
export interface DigitRun {
  start: number;
  end: number;
  text: string;
  digits: string;
  /** Lengths of the digit groups as written (`415-555-0123` is [3, 3, 4]); one group per spoken digit. */
  groups: number[];
  /** Separators between groups, as written (`-`, ` `, `.`, `) `). */
  separators: string[];
  /** Began with `+` (an international number). */
  plus: boolean;
  /** Said in words (`four one five`) rather than written in digits. */
  spoken: boolean;
}

const WRITTEN = /\+?\(?\d+\)?(?:(?:[ \t]?[-./][ \t]?|[ \t]|\) ?)\(?\d+\)?)*/g;

/** Spoken digits, and "o" as in "five o five". */
const DIGIT_WORDS: Readonly<Record<string, string>> = { ...SPOKEN_DIGITS, o: '0' };
const REPEAT: Readonly<Record<string, number>> = { double: 2, triple: 3 };
const WORD = /[A-Za-z]+/g;

/** Every run of written digits and every run of at least three spoken digits, in text order. */
export function findDigitRuns(text: string): DigitRun[] {
  return [...writtenRuns(text), ...spokenRuns(text)].sort((a, b) => a.start - b.start);
}

function writtenRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  for (const match of text.matchAll(WRITTEN)) {
    let raw = match[0];
    let start = match.index ?? 0;
    // Parts of a larger token (a word, a decimal, a time) are not runs of their own.
    const before = text[start - 1] ?? '';
    const after = text[start + raw.length] ?? '';
    if (/[A-Za-z_]/.test(before) || /[A-Za-z_]/.test(after)) continue;
    if (raw.startsWith('(') && !raw.includes(')')) {
      raw = raw.slice(1);
      start += 1;
    }
    if (raw.endsWith(')') && !raw.slice(0, -1).includes('(')) raw = raw.slice(0, -1);
    const groups = raw.match(/\d+/g) ?? [];
    const separators = raw.split(/\d+/).slice(1, -1);
    runs.push({
      start,
      end: start + raw.length,
      text: raw,
      digits: groups.join(''),
      groups: groups.map((g) => g.length),
      separators,
      plus: raw.startsWith('+'),
      spoken: false,
    });
  }
  return runs;
}

/** Digit words separated by blanks, commas or hyphens; "double five" is two fives. */
function spokenRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  let current: { start: number; end: number; digits: string; pending: number } | undefined;
  const close = () => {
    if (current !== undefined && current.digits.length >= 3) {
      runs.push({
        start: current.start,
        end: current.end,
        text: text.slice(current.start, current.end),
        digits: current.digits,
        groups: [...current.digits].map(() => 1),
        separators: [],
        plus: false,
        spoken: true,
      });
    }
    current = undefined;
  };
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    const start = match.index ?? 0;
    const gap = current === undefined ? '' : text.slice(current.end, start);
    if (current !== undefined && !/^[\s,-]*$/.test(gap)) close();
    const digit = DIGIT_WORDS[word];
    const repeat = REPEAT[word];
    // "o" counts only between other digits ("five o five"), never alone or first.
    if (digit !== undefined && !(word === 'o' && current === undefined)) {
      current ??= { start, end: start, digits: '', pending: 1 };
      current.digits += digit.repeat(current.pending);
      current.pending = 1;
      current.end = start + match[0].length;
    } else if (repeat !== undefined) {
      current ??= { start, end: start, digits: '', pending: 1 };
      current.pending = repeat;
    } else {
      close();
    }
  }
  close();
  return runs;
}
