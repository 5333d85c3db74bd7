import nlp from 'compromise';
import type { EngineSpeaker } from './EngineMessage.ts';
import { type DateMention, findDates } from './findDates.ts';
import { isProperNameWord } from './isProperNameWord.ts';

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
  timezoneOffset?: number;
  /** Conversation members: their names are people even when compromise misses them. */
  members?: readonly EngineSpeaker[];
}

interface CompromiseMatch {
  text: string;
  offset?: { start: number; length: number };
  number?: { num: number | null; unit?: string; prefix?: string };
}

const digitWords: Record<string, string> = {
  zero: '0',
  oh: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};
const digitSequence =
  /\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[\s-]+){2,}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b/gi;
const numberCue =
  /\d|\b(zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozens?|percent|dollars?)\b/i;
/** A capital inside the sentence other than "I" (names), or a capitalised first word before a comma. */
const nameCue = /\s(?!I\b|I')[A-Z]|^[A-Z][a-z]+,/;
const moneyUnits = /^(dollars?|bucks|euros?|pounds?|cents?|usd|eur|gbp|yen)\b/i;
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

/** Trims trailing punctuation and spaces off a match, keeping its offset. */
function clean(text: string, offset: number): { text: string; offset: number } {
  const leading = text.length - text.trimStart().length;
  const trimmed = text.trim().replace(/[\s.,;:!?'")]+$/, '');
  return { text: trimmed, offset: offset + leading };
}

function overlaps(a: { offset: number; text: string }, b: { offset: number; text: string }): boolean {
  return a.offset < b.offset + b.text.length && b.offset < a.offset + a.text.length;
}

function compromiseMatches(list: { json(o: object): unknown }): CompromiseMatch[] {
  return list.json({ offset: true }) as CompromiseMatch[];
}

/**
 * Entities in one sentence: people, organisations and places (compromise, member names,
 * honorifics, company-name suffixes), dates and ranges (findDates, chrono), and numbers, money and
 * percentages (compromise's number parser, digit-by-digit sequences such as account numbers).
 * Spans never overlap; earlier detectors win (dates, then money, then names).
 */
export function findEntitySpans(text: string, options: EntitySpanOptions): EntitySpan[] {
  const spans: EntitySpan[] = [];
  const add = (span: EntitySpan) => {
    if (span.text === '' || spans.some((s) => overlaps(s, span))) return;
    spans.push(span);
  };
  for (const d of findDates(text, options.reference, options.timezoneOffset ?? 0)) add({ ...d });
  for (const m of text.matchAll(digitSequence)) {
    const c = clean(m[0], m.index ?? 0);
    const digits = c.text
      .toLowerCase()
      .split(/[\s-]+/)
      .map((w) => digitWords[w] ?? '');
    add({ type: 'number', ...c, value: digits.join('') });
  }
  // compromise costs milliseconds per sentence: parse only sentences that can hold what it finds.
  const mayHaveNumbers = numberCue.test(text);
  const mayHaveNames = nameCue.test(text) || isProperNameWord(/^[A-Za-z]+/.exec(text)?.[0] ?? '');
  const doc = mayHaveNumbers || mayHaveNames ? nlp(text) : undefined;
  for (const m of doc && mayHaveNumbers ? compromiseMatches(doc.numbers()) : []) {
    if (!m.offset) continue;
    let { text: t, offset } = clean(m.text, m.offset.start);
    const words = t.toLowerCase().split(/[\s-]+/);
    let value: string | undefined;
    if (words.length >= 3 && words.every((w) => w in digitWords))
      value = words.map((w) => digitWords[w]).join('');
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
    const unit = moneyUnits.exec(rest.trimStart());
    let type: EntitySpan['type'] = 'number';
    if (/^\s*(percent|per cent|%)/i.test(rest) || t.endsWith('%')) {
      type = 'percent';
      const p = /^\s*(percent|per cent|%)/i.exec(rest);
      if (p) t = text.slice(offset, offset + t.length + p[0].length);
      value = value.replace(/%$/, '');
    } else if (unit || /^[$€£]/.test(t) || m.number?.prefix === '$') {
      type = 'money';
      if (unit)
        t = text.slice(offset, offset + t.length + (rest.length - rest.trimStart().length) + unit[0].length);
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
    add({ type, text: t, offset, value });
  }
  for (const m of text.matchAll(honorific))
    add({ type: 'person', text: m[0], offset: m.index ?? 0, value: m[0].toLowerCase() });
  for (const member of options.members ?? []) {
    const names = [member.name, member.name?.split(/\s+/)[0]].filter((n): n is string => !!n && n.length > 1);
    for (const name of names) {
      const re = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
      for (const m of text.matchAll(re))
        add({ type: 'person', text: m[0], offset: m.index ?? 0, value: m[0].toLowerCase() });
    }
  }
  for (const m of text.matchAll(orgSuffix)) {
    const c = clean(m[0], m.index ?? 0);
    add({ type: 'organization', ...c, value: c.text.toLowerCase() });
  }
  const named: Array<[EntitySpan['type'], { json(o: object): unknown }]> =
    doc && mayHaveNames
      ? [
          ['organization', doc.organizations()],
          ['person', doc.people()],
          ['location', doc.places()],
        ]
      : [];
  for (const [type, list] of named) {
    for (const m of compromiseMatches(list)) {
      if (!m.offset) continue;
      const c = clean(m.text, m.offset.start);
      // compromise guesses names from capitals; a sentence-initial capital alone is no evidence.
      if (!/^[A-Z]/.test(c.text)) continue;
      add({ type, ...c, value: c.text.toLowerCase() });
    }
  }
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
