import { lexiconTag, nameLexiconTags } from './isProperNameWord.ts';
import { LinearModel, type LinearModelFile, lazyModel } from './LinearModel.ts';

/** The tagger's tags: outside, or the beginning or inside of a person, organisation or place. */
export const nameTags = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC'] as const;
export type NameTag = (typeof nameTags)[number];

const model = lazyModel(
  new URL('./models/names.json', import.meta.url),
  (json) => new LinearModel(json as LinearModelFile),
);

/** One token of a sentence and where it starts. */
export interface NameToken {
  text: string;
  offset: number;
}

/** Words (letters, digits, inner apostrophes, dots, ampersands and hyphens) and single symbols. */
const tokenPattern = /[\p{L}\p{N}@#_](?:[\p{L}\p{N}_'’&.-]*[\p{L}\p{N}_])?|[^\s\p{L}\p{N}]/gu;

/** The tagger's tokens of a text. */
export function nameTokens(text: string): NameToken[] {
  return [...text.matchAll(tokenPattern)].map((m) => ({ text: m[0], offset: m.index ?? 0 }));
}

/** "Xx", "XX", "x", "d", "Xx-Xx": the word's letter classes with runs folded. */
function shape(word: string): string {
  let out = '';
  for (const c of word) {
    const k = /\p{Lu}/u.test(c) ? 'X' : /\p{Ll}/u.test(c) ? 'x' : /\p{N}/u.test(c) ? 'd' : c;
    if (!out.endsWith(k)) out += k;
  }
  return out.slice(0, 6);
}

/** What compromise's lexicon says a word is: a kind of name, a common word, or unknown. */
function lexiconClass(word: string): string {
  const tag = lexiconTag(word.toLowerCase());
  if (tag === undefined) return 'unknown';
  const tags = Array.isArray(tag) ? tag : [tag];
  return tags.find((t) => nameLexiconTags.has(t)) ?? 'common';
}

/** What the features of a sentence's tokens are built from, computed once per sentence. */
export interface NameContext {
  lower: string[];
  shapes: string[];
  classes: string[];
}

/** Lower-case forms, shapes and lexicon classes of a sentence's tokens. */
export function nameContext(tokens: readonly NameToken[]): NameContext {
  return {
    lower: tokens.map((t) => t.text.toLowerCase()),
    shapes: tokens.map((t) => shape(t.text)),
    classes: tokens.map((t) => (/\p{L}/u.test(t.text) ? lexiconClass(t.text) : 'symbol')),
  };
}

/**
 * Features of token `i` given the two tags before it: the word, its shape, affixes and lexicon
 * class, the same for its neighbours, and the previous tags.
 */
export function nameFeatures(context: NameContext, i: number, prev: string, prev2: string): string[] {
  const { lower, shapes, classes } = context;
  const n = lower.length;
  const word = lower[i]!;
  const before = i > 0 ? lower[i - 1]! : '<s>';
  const features = [
    'bias',
    `w:${word}`,
    `sh:${shapes[i]}`,
    `p3:${word.slice(0, 3)}`,
    `s3:${word.slice(-3)}`,
    `lx:${classes[i]}`,
    `t:${prev}`,
    `tt:${prev2} ${prev}`,
    `t+sh:${prev} ${shapes[i]}`,
    `lx+sh:${classes[i]} ${shapes[i]}`,
    `w-1:${before}`,
    `w+1:${i + 1 < n ? lower[i + 1] : '</s>'}`,
    `sh-1:${i > 0 ? shapes[i - 1] : '<s>'}`,
    `sh+1:${i + 1 < n ? shapes[i + 1] : '</s>'}`,
    `lx-1:${i > 0 ? classes[i - 1] : '<s>'}`,
    `lx+1:${i + 1 < n ? classes[i + 1] : '</s>'}`,
    `w-1+w:${before} ${word}`,
  ];
  if (i === 0) features.push('first');
  return features;
}

/** Tags of a sentence's tokens, left to right, each seeing the two chosen before it. */
export function tagTokens(tokens: readonly NameToken[], scorer: LinearModel = model()): NameTag[] {
  const context = nameContext(tokens);
  const tags: NameTag[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const prev = tags[i - 1] ?? '<s>';
    const scores = scorer.logits(nameFeatures(context, i, prev, tags[i - 2] ?? '<s>'));
    let best = 0;
    for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[best]!) best = c;
    let tag = nameTags[best]!;
    // An inside tag must continue a name of its own type.
    if (tag.startsWith('I-') && prev.slice(2) !== tag.slice(2)) tag = `B-${tag.slice(2)}` as NameTag;
    tags.push(tag);
  }
  return tags;
}

const typeOf = { PER: 'person', ORG: 'organization', LOC: 'location' } as const;

/** A name found by the tagger. */
export interface TaggedName {
  type: (typeof typeOf)[keyof typeof typeOf];
  text: string;
  offset: number;
}

/**
 * People, organisations and places in a sentence, by an averaged-perceptron tagger trained on
 * annotated social-media text (scripts/train/trainNames.ts).
 */
export function tagNames(text: string): TaggedName[] {
  const tokens = nameTokens(text);
  const tags = tagTokens(tokens);
  const names: TaggedName[] = [];
  tags.forEach((tag, i) => {
    const token = tokens[i]!;
    if (tag.startsWith('B-')) {
      names.push({
        type: typeOf[tag.slice(2) as keyof typeof typeOf],
        text: token.text,
        offset: token.offset,
      });
    } else if (tag.startsWith('I-')) {
      const last = names[names.length - 1]!;
      last.text = text.slice(last.offset, token.offset + token.text.length);
    }
  });
  return names;
}
