import nlp from 'compromise';
import { TENS } from './numberWords.ts';

/** A number phrase in a sentence, as compromise's `numbers().json({ offset: true })` reports it. */
export interface PlainNumber {
  text: string;
  offset: number;
  value: number;
}

const units: Record<string, number> = {
  zero: 0,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const teens: Record<string, number> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const scales: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/**
 * Words compromise may read as (part of) a number that this reader does not handle: every
 * number word of its lexicon ("one", ordinals, fractions, plural scales, "a few") and the
 * quantity words its tagger knows from context.
 */
let otherNumberWords: Set<string> | undefined;
function isOtherNumberWord(word: string): boolean {
  if (otherNumberWords === undefined) {
    const lexicon = (
      nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }
    ).model().one.lexicon;
    otherNumberWords = new Set(
      (
        'oh nil nought naught dozen dozens couple pair score half halves single double triple ' +
        'minus negative plus point dot hundreds thousands millions billions trillions few several'
      ).split(' '),
    );
    for (const [word, tag] of Object.entries(lexicon)) {
      const tags = Array.isArray(tag) ? tag : [tag];
      if (tags.some((t) => /Value|Cardinal|Ordinal|Fraction|Multiple/.test(t))) otherNumberWords.add(word);
    }
    for (const known of [...Object.keys(units), ...Object.keys(teens), ...Object.keys(TENS), 'hundred'])
      otherNumberWords.delete(known);
    for (const scale of Object.keys(scales)) otherNumberWords.delete(scale);
  }
  return otherNumberWords.has(word);
}

type Part = { kind: 'digits'; value: number } | { kind: 'word'; word: string };

const digitNumber = /^(?:\d{1,3}(?:,\d{3})+|[1-9]\d*|0)(?:\.\d+)?$/;
const trailing = /[.,;:!?"')]+$/;

/** The value of a well-formed spelled-out cardinal ("eighty thousand", "two hundred thirty two"). */
function cardinal(words: readonly string[]): number | undefined {
  let total = 0;
  let group = 0;
  let lastScale = Number.POSITIVE_INFINITY;
  /** What the current group may take next: any small number, a unit after a bare ten, or nothing. */
  let open: 'any' | 'unit' | 'none' = 'any';
  let hundreds = false;
  let groupHasValue = false;
  for (const word of words) {
    const hyphen = /^([a-z]+)-([a-z]+)$/.exec(word);
    if (hyphen) {
      const t = TENS[hyphen[1]!];
      const u = hyphen[2] === 'one' ? 1 : units[hyphen[2]!];
      if (t === undefined || u === undefined || u === 0 || open !== 'any') return undefined;
      group += t + u;
      open = 'none';
      groupHasValue = true;
    } else if (word in units || word in teens || word in TENS) {
      const v = units[word] ?? teens[word] ?? TENS[word]!;
      if (open === 'none' || (open === 'unit' && !(word in units && v > 0))) return undefined;
      if (v === 0 && (groupHasValue || total > 0 || words.length > 1)) return undefined;
      group += v;
      open = word in TENS && open === 'any' ? 'unit' : 'none';
      groupHasValue = true;
    } else if (word === 'hundred') {
      if (hundreds || !(group >= 1 && group <= 9) || open === 'unit') return undefined;
      group *= 100;
      hundreds = true;
      open = 'any';
    } else if (word in scales) {
      const scale = scales[word]!;
      if (!groupHasValue || group === 0 || scale >= lastScale) return undefined;
      total += group * scale;
      lastScale = scale;
      group = 0;
      hundreds = false;
      groupHasValue = false;
      open = 'any';
    } else {
      return undefined;
    }
  }
  return total + group;
}

/**
 * The numbers of a sentence when every one of them is plain: a lone figure ("12", "1,200",
 * "2.5") or a well-formed spelled-out cardinal ("twenty five", "eighty thousand"), away from
 * other numbers, signs, currency symbols and the words compromise reads in context ("one",
 * ordinals, fractions, "a dozen"). Each comes back as compromise reports it. Returns undefined
 * when any number in the sentence is not plain; the caller then asks compromise.
 */
export function readPlainNumbers(text: string): PlainNumber[] | undefined {
  // Ratios ("12 out of 10") and dashes between numbers ("fifty - two", "- 10") join numbers.
  if (/\bout of\b/i.test(text)) return undefined;
  const tokens = [...text.matchAll(/\S+/g)];
  const found: PlainNumber[] = [];
  let run: Array<{ offset: number; core: string; part: Part }> = [];
  const close = (): boolean => {
    if (run.length === 0) return true;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    let value: number | undefined;
    if (run.every((r) => r.part.kind === 'word')) {
      value = cardinal(run.map((r) => (r.part as { word: string }).word));
    } else if (run.length === 1 && first.part.kind === 'digits') {
      value = first.part.value;
    }
    if (value === undefined) return false;
    found.push({
      text: text.slice(first.offset, last.offset + last.core.length),
      offset: first.offset,
      value,
    });
    run = [];
    return true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]![0];
    const offset = tokens[i]!.index ?? 0;
    if (/^[-–—]+$/.test(token) && [tokens[i - 1]?.[0], tokens[i + 1]?.[0]].some((t) => t && isNumberish(t)))
      return undefined;
    const punctuation = trailing.exec(token)?.[0] ?? '';
    const core = token.slice(0, token.length - punctuation.length);
    const lower = core.toLowerCase();
    let part: Part | undefined;
    if (digitNumber.test(core)) part = { kind: 'digits', value: Number(core.replaceAll(',', '')) };
    else if (/\d/.test(core) || /[$€£¥%]/.test(token)) return undefined;
    else if (lower in units || lower in teens || lower in TENS || lower === 'hundred' || lower in scales)
      part = { kind: 'word', word: lower };
    else if (
      /^[a-z]+-[a-z]+$/.test(lower) &&
      lower.split('-').some((w) => w in TENS || w in units || w === 'one')
    )
      part = { kind: 'word', word: lower };
    else if (isOtherNumberWord(lower) || lower.split('-').some((w) => isOtherNumberWord(w))) return undefined;
    if (part === undefined) {
      // "hundred and six", "three and four": compromise may join numbers across "and".
      if (lower === 'and' && run.length > 0) return undefined;
      // "three quarters" is a fraction.
      if (/^quarters?$/.test(lower) && run.length > 0) return undefined;
      if (!close()) return undefined;
      continue;
    }
    if (core === '' || /^["'(]/.test(core)) return undefined;
    if (/^[A-Z]/.test(core) && offset > 0) return undefined;
    run.push({ offset, core, part });
    if (punctuation !== '') {
      const next = tokens[i + 1]?.[0];
      // "three, four people": a list of numbers; compromise groups these its own way.
      if (next !== undefined && /^(?:\d|[a-z]+$)/i.test(next) && isNumberish(next)) return undefined;
      if (!close()) return undefined;
    }
  }
  if (!close()) return undefined;
  return found;
}

function isNumberish(token: string): boolean {
  const lower = token.toLowerCase().replace(trailing, '');
  return (
    /\d/.test(lower) ||
    lower in units ||
    lower in teens ||
    lower in TENS ||
    lower === 'hundred' ||
    lower in scales ||
    isOtherNumberWord(lower)
  );
}
