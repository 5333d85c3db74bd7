import nlp from 'compromise';
import { TimeZone } from '../time/TimeZone.ts';
import type { EngineSpeaker } from './EngineMessage.ts';
import { escapeRegExp } from './escapeRegExp.ts';
import { type DateMention, findDates } from './findDates.ts';
import { tagNames } from './nameTagger.ts';
import { TENS } from './numberWords.ts';
import { readFractions } from './readFractions.ts';
import { readPlainNumbers } from './readPlainNumbers.ts';
import { SPOKEN_DIGITS } from './spokenDigits.ts';

/** One entity found in a text, with its normalised value. */
export interface EntitySpan {
  type: 'person' | 'organization' | 'location' | 'number' | 'money' | 'percent' | DateMention['type'];
  text: string;
  offset: number;
  value?: string;
  start?: string;
  end?: string;
  /** For date types: the instant a task due at this expression is due. */
  due?: Date;
}

export interface EntitySpanOptions {
  /** When the text was said (resolves relative dates). */
  reference: Date;
  /** The zone dates resolve in (default UTC). */
  timeZone?: TimeZone;
  /** Conversation members: their names are people even when compromise misses them. */
  members?: readonly EngineSpeaker[];
}

interface CompromiseMatch {
  text: string;
  offset?: { start: number; length: number };
  number?: { num: number | null; unit?: string; prefix?: string };
}

const digitSequence =
  /\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[\s-]+){2,}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b/gi;
const numberCue =
  /\d|\b(zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozens?|percent|dollars?)\b/i;
const moneyUnitWords =
  'dollars? bucks euros? pounds? cents? usd eur gbp yen pence penny pennies rmb guilders? markka';
const nationalities =
  'us|u\\.s\\.|american|australian|canadian|new zealand|hong kong|singapore|swiss|dutch|french|belgian|danish|swedish|norwegian|japanese|chinese|indian|mexican|brazilian|finnish';
let moneyUnitsPattern: RegExp | undefined;
/** A currency after a number: the usual names plus every currency in compromise's lexicon. */
function moneyUnits(): RegExp {
  if (moneyUnitsPattern === undefined) {
    const lexicon = (
      nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }
    ).model().one.lexicon;
    const names = Object.entries(lexicon)
      .filter(
        ([word, tag]) =>
          /^[a-z][a-z ]+$/.test(word) && (Array.isArray(tag) ? tag : [tag]).includes('Currency'),
      )
      .map(([word]) => word.replace(/ /g, '\\s+'));
    const units = [...moneyUnitWords.split(' '), ...names].sort((a, b) => b.length - a.length).join('|');
    moneyUnitsPattern = new RegExp(`^(?:(?:${nationalities})\\s+)?(?:${units})\\b`, 'i');
  }
  return moneyUnitsPattern;
}
/** "3 dollars 50 cents", "thirteen dollars and forty-five cents": the cents after a main unit. */
const centsAfter =
  /^\s+(?:and\s+)?(\d{1,2}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\s+cents?\b/i;
const smallNumbers: Record<string, number> = Object.fromEntries(
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'
    .split(' ')
    .map((w, i) => [w, i + 1]),
);
function centsValue(words: string): number {
  if (/^\d+$/.test(words)) return Number(words);
  const [a = '', b] = words.toLowerCase().split(/[\s-]+/);
  return (TENS[a] ?? smallNumbers[a] ?? 0) + (b === undefined ? 0 : (smallNumbers[b] ?? 0));
}
/** Values as people write them: 16.4 million is 16400000, not 16399999.999999998. */
function tidy(value: string): string {
  const n = Number(value);
  return Number.isFinite(n) && !Number.isInteger(n) ? String(Number(n.toPrecision(15))) : value;
}
const orgSuffix =
  /\b(?:[A-Z][\w&'-]*\s)+(?:Software|Logistics|Internet|Inc|Corp|Corporation|Labs|Systems|Group|Bank|Technologies|Solutions|Partners|Company|Airlines|University|Insurance|Health|Media|Networks|Motors|Foods|Energy|Holdings|LLC|Ltd)\b\.?/g;
const honorific = /\b(?:Mr|Mrs|Ms|Mister|Miss|Dr|Doctor|Professor)\.?\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?/g;

const capitalisedAfterPreposition =
  /\b(from|at|with|for|by|joined|of|in)\s((?:[A-Z][a-z]+)(?:\s[A-Z][a-z]+)*)/g;
const notNames = new Set(
  'I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December English The A An'.split(
    ' ',
  ),
);

/**
 * Number phrases whose reading needs compromise's contextual tagger: signs, ratios, decimals in
 * words, "hundred and six", ordinals and fractions, digits glued to letters ("3pm", "10k"). Other
 * numbers read the same from its lexical tagging alone, at a quarter of the cost.
 */
const numbersNeedFullTagging =
  /\b(?:minus|negative|out of|point)\b|\b(?:hundred|thousand|million|billion|trillion)s?\s+and\b|\b(?:[a-z]*(?:fif|six|seven|eigh|nin|ten|eleven|twelf|teen|tie|hundred|thousand|million|billion|trillion)ths?|fourths?|first|second|seconds|third|thirds|half|halves|quarters?)\b|\d[a-z]/i;
const lexicalTagging = ['lexicon', 'preTagger', 'contractionTwo'];

/** Trims trailing punctuation and spaces off a match, keeping its offset. */
function clean(text: string, offset: number): { text: string; offset: number } {
  const leading = text.length - text.trimStart().length;
  const trimmed = text.trim().replace(/[\s.,;:!?'")]+$/, '');
  return { text: trimmed, offset: offset + leading };
}

/**
 * A compromise match placed on the sentence: its text carries punctuation before the first term
 * ("%0", '"Tango') while its offset points at the term, so leading punctuation is dropped until
 * text and offset agree. Undefined when they cannot be made to agree.
 */
function placed(
  sentence: string,
  match: { text: string; offset: number },
): { text: string; offset: number } | undefined {
  let { text } = match;
  while (text !== '' && !sentence.startsWith(text, match.offset) && /^[^\p{L}\p{N}]/u.test(text))
    text = text.slice(1);
  return text !== '' && sentence.startsWith(text, match.offset) ? { text, offset: match.offset } : undefined;
}

function overlaps(a: { offset: number; text: string }, b: { offset: number; text: string }): boolean {
  return a.offset < b.offset + b.text.length && b.offset < a.offset + a.text.length;
}

function compromiseMatches(list: { json(o: object): unknown }): CompromiseMatch[] {
  return list.json({ offset: true }) as CompromiseMatch[];
}

/** Earlier results, so the action-item detector and the entity extractor share one analysis. */
const recent = new Map<string, readonly EntitySpan[]>();
const recentLimit = 64;

/** `text` with the given character ranges blanked out (same length, so offsets still hold). */
function mask(text: string, ranges: ReadonlyArray<{ offset: number; length: number }>): string {
  if (ranges.length === 0) return text;
  const chars = [...text];
  if (chars.length !== text.length) {
    // Astral characters: blank by UTF-16 index instead.
    let out = text;
    for (const r of ranges)
      out = out.slice(0, r.offset) + ' '.repeat(r.length) + out.slice(r.offset + r.length);
    return out;
  }
  for (const r of ranges)
    for (let i = r.offset; i < r.offset + r.length && i < chars.length; i++) chars[i] = ' ';
  return chars.join('');
}

function memberNamePatterns(members: readonly EngineSpeaker[]): RegExp[] {
  return members.flatMap((member) =>
    [member.name, member.name?.split(/\s+/)[0]]
      .filter((n): n is string => !!n && n.length > 1)
      .map((name) => new RegExp(`\\b${escapeRegExp(name)}\\b`, 'g')),
  );
}

/**
 * Entities in one sentence: people, organisations and places (member names, honorifics,
 * company-name suffixes, then the trained name tagger), dates and ranges (findDates, chrono), and numbers, money and
 * percentages (compromise's number parser, digit-by-digit sequences such as account numbers).
 * Spans never overlap; earlier detectors win (dates, then money, then names). The result is
 * shared with other callers asking about the same sentence at the same instant: do not mutate it.
 */
export function findEntitySpans(text: string, options: EntitySpanOptions): readonly EntitySpan[] {
  const key = [
    options.reference.getTime(),
    options.timeZone?.name ?? 'UTC',
    (options.members ?? []).map((m) => m.name ?? '').join('\u0001'),
    text,
  ].join('\u0000');
  const known = recent.get(key);
  if (known !== undefined) return known;
  const spans = computeEntitySpans(text, options);
  if (recent.size >= recentLimit) recent.delete(recent.keys().next().value as string);
  recent.set(key, spans);
  return spans;
}

function computeEntitySpans(text: string, options: EntitySpanOptions): EntitySpan[] {
  const spans: EntitySpan[] = [];
  const add = (span: EntitySpan) => {
    if (span.text === '' || spans.some((s) => overlaps(s, span))) return;
    spans.push(span);
  };
  for (const d of findDates(text, options.reference, options.timeZone ?? TimeZone.UTC)) add({ ...d });
  for (const m of text.matchAll(digitSequence)) {
    const c = clean(m[0], m.index ?? 0);
    const digits = c.text
      .toLowerCase()
      .split(/[\s-]+/)
      .map((w) => SPOKEN_DIGITS[w] ?? '');
    add({ type: 'number', ...c, value: digits.join('') });
  }
  for (const f of readFractions(text))
    add({ type: 'number', text: f.text, offset: f.offset, value: tidy(String(f.value)) });
  // compromise costs about half a millisecond per sentence: parse only sentences that can hold
  // a number it reads. A number inside a span found above would be dropped as overlapping, so
  // the cue is looked for in the rest of the sentence only.
  const covered = spans.map((s) => ({ offset: s.offset, length: s.text.length }));
  const numbersLeft = mask(text, covered);
  const mayHaveNumbers = numberCue.test(numbersLeft);
  const memberPatterns = memberNamePatterns(options.members ?? []);
  // Plain figures and spelled-out cardinals are read here; compromise reads the rest.
  const plain = mayHaveNumbers ? readPlainNumbers(text) : undefined;
  const numbersByCompromise = mayHaveNumbers && plain === undefined;
  const doc =
    numbersByCompromise && numbersNeedFullTagging.test(text)
      ? nlp(text)
      : numbersByCompromise
        ? (nlp.tokenize(text).compute(lexicalTagging) as unknown as ReturnType<typeof nlp>)
        : undefined;
  const numbers: CompromiseMatch[] =
    plain?.map((p) => ({
      text: p.text,
      offset: { start: p.offset, length: p.text.length },
      number: { num: p.value },
    })) ?? (doc && mayHaveNumbers ? compromiseMatches(doc.numbers()) : []);
  for (const m of numbers) {
    if (!m.offset) continue;
    const at = placed(text, clean(m.text, m.offset.start));
    if (at === undefined) continue;
    let { text: t, offset } = at;
    const words = t.toLowerCase().split(/[\s-]+/);
    let value: string | undefined;
    if (words.length >= 3 && words.every((w) => w in SPOKEN_DIGITS))
      value = words.map((w) => SPOKEN_DIGITS[w]).join('');
    else if (m.number?.num !== null && m.number?.num !== undefined) value = String(m.number.num);
    // compromise reads "three seconds" as the fraction 3/2.
    if (/\sseconds$/i.test(t)) {
      const whole = (
        nlp(t.replace(/\s+seconds$/i, ''))
          .numbers()
          .get() as unknown[]
      )[0];
      value = typeof whole === 'number' ? String(whole) : undefined;
    }
    if (value === undefined || !Number.isFinite(Number(value)) || /^(an?|the)$/i.test(t)) continue;
    const rest = text.slice(offset + t.length);
    const unit = moneyUnits().exec(rest.trimStart());
    let type: EntitySpan['type'] = 'number';
    if (/^\s*(percent|per cent|%)/i.test(rest) || t.endsWith('%')) {
      type = 'percent';
      const p = /^\s*(percent|per cent|%)/i.exec(rest);
      if (p) t = text.slice(offset, offset + t.length + p[0].length);
      value = value.replace(/%$/, '');
    } else if (unit || /^[$€£]/.test(t) || m.number?.prefix === '$') {
      type = 'money';
      if (unit) {
        t = text.slice(offset, offset + t.length + (rest.length - rest.trimStart().length) + unit[0].length);
        const cents = /(?:dollars?|euros?|pounds?)$/i.test(unit[0])
          ? centsAfter.exec(text.slice(offset + t.length))
          : null;
        if (cents) {
          t = text.slice(offset, offset + t.length + cents[0].length);
          value = String(Number(value) + centsValue(cents[1]!) / 100);
        }
      }
    }
    const currencyBefore = /(?:\b(?:us|c|hk|a|nz|au|ca)\s?)?[$€£]\s*$/i.exec(text.slice(0, offset));
    if (currencyBefore && !/^[$€£]/.test(t)) {
      offset -= currencyBefore[0].length;
      t = text.slice(offset, offset + currencyBefore[0].length + t.length);
      type = 'money';
    }
    if (/^\d+(\.\d+)?k$/i.test(t)) value = String(Number(t.slice(0, -1)) * 1000);
    const minusBefore = text[offset - 1] === '-' && (offset === 1 || /\s/.test(text[offset - 2]!));
    if (type === 'number' && (t.startsWith('-') || minusBefore)) {
      if (!t.startsWith('-')) {
        offset -= 1;
        t = `-${t}`;
      }
      if (!value.startsWith('-')) value = `-${value}`;
    }
    add({ type, text: t, offset, value: tidy(value) });
  }
  for (const m of text.matchAll(honorific))
    add({ type: 'person', text: m[0], offset: m.index ?? 0, value: m[0].toLowerCase() });
  for (const re of memberPatterns) {
    for (const m of text.matchAll(re))
      add({ type: 'person', text: m[0], offset: m.index ?? 0, value: m[0].toLowerCase() });
  }
  for (const m of text.matchAll(orgSuffix)) {
    const c = clean(m[0], m.index ?? 0);
    add({ type: 'organization', ...c, value: c.text.toLowerCase() });
  }
  // People, organisations and places: the trained tagger (nameTagger.ts), which reads
  // compromise's lexicon as one of its features; it scored 0.44 F1 on WNUT17 where compromise's
  // own name finding scored 0.31.
  for (const n of tagNames(text)) add({ ...n, value: n.text.toLowerCase() });
  // Capitalised words compromise does not know, placed where names of companies or places go.
  for (const m of text.matchAll(capitalisedAfterPreposition)) {
    const name = m[2]!;
    if (notNames.has(name)) continue;
    const offset = (m.index ?? 0) + m[0].length - name.length;
    const type = m[1]!.toLowerCase() === 'in' ? 'location' : 'organization';
    add({ type, text: name, offset, value: name.toLowerCase() });
  }
  return spans.sort((a, b) => a.offset - b.offset);
}
