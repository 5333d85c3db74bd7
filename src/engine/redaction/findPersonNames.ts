import nlp from 'compromise';
import type { EngineSpeaker } from '../nlp/EngineMessage.ts';
import { findEntitySpans } from '../nlp/findEntitySpans.ts';
import { isCommonWord, isProperNameWord } from '../nlp/isProperNameWord.ts';
import { hasRecognizerCase } from './hasRecognizerCase.ts';
import type { PiiSpan } from './PiiSpan.ts';

/** Introductions after which the next words are the name, whatever they are: "my name is Grace Chen". */
const NAMING =
  /\b(?:my name is|my name's|the name is|name's|account holder is|cardholder is|card holder is)\s+/gi;
/** Introductions after which the next words are a name only if they look like one: "this is Priya" vs "this is great". */
const INTRODUCING = /\b(?:this is|i am|i'm|speaking with|spoke with|talking to|ask for|ask|dear)\s+/gi;
/** Words that end a name after an introduction. */
const NOT_NAME = new Set(
  'and or but the a an is was not actually um uh so from at with calling here speaking please thanks thank to of in on for i you we they it'.split(
    ' ',
  ),
);

/**
 * Person names: those the entity stage finds (compromise's people, honorifics, conversation
 * members), the people compromise tags in a recogniser's lower-case text (which the entity stage,
 * reading capitals, skips), and the one to three words after an introduction ("my name is Zanele
 * Mbeki", "this is grace chen").
 */
export function findPersonNames(text: string, members: readonly EngineSpeaker[] = []): PiiSpan[] {
  const spans: PiiSpan[] = findEntitySpans(text, { reference: new Date(0), members })
    .filter((span) => span.type === 'person')
    .map((span) => name(text, span.offset, span.offset + span.text.length));
  if (hasRecognizerCase(text)) spans.push(...lowerCasePeople(text));
  spans.push(...introduced(text, NAMING, true), ...introduced(text, INTRODUCING, false));
  return spans;
}

function name(text: string, start: number, end: number): PiiSpan {
  const value = text.slice(start, end);
  return { type: 'PERSON_NAME', start, end, text: value, value };
}

function lowerCasePeople(text: string): PiiSpan[] {
  const people = nlp(text).people().json({ offset: true }) as Array<{
    text: string;
    offset?: { start: number; length: number };
  }>;
  return people
    .filter((p) => p.offset !== undefined && p.text.trim() !== '')
    .map((p) => {
      const start = p.offset!.start;
      const raw = text.slice(start, start + p.offset!.length).replace(/[\s.,;:!?'"]+$/, '');
      return name(text, start, start + raw.length);
    });
}

/**
 * Up to three words after each introduction in `pattern`. After a naming phrase every word that
 * is not a function word counts; after a weaker one a word counts when it looks like a name (not
 * an everyday word, or an everyday word such as "Grace" followed by one that does).
 */
function introduced(text: string, pattern: RegExp, naming: boolean): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const from = (match.index ?? 0) + match[0].length;
    const words = [...text.slice(from).matchAll(/[A-Za-z][A-Za-z'-]*/g)].slice(0, 3);
    let end = from;
    for (const [index, word] of words.entries()) {
      const at = from + (word.index ?? 0);
      if (index > 0 && !/^\s+$/.test(text.slice(end, at))) break;
      const w = word[0];
      if (NOT_NAME.has(w.toLowerCase())) break;
      const next = words[index + 1]?.[0];
      const looksLikeName = (x: string) => isProperNameWord(x) || (!isCommonWord(x) && x.length > 1);
      const accepted =
        naming ||
        looksLikeName(w) ||
        (index === 0 && next !== undefined && !isCommonWord(next) && next.length > 1);
      if (!accepted) break;
      end = at + w.length;
    }
    if (end > from) spans.push(name(text, from, end));
  }
  return spans;
}
