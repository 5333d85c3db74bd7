import { createRequire } from 'node:module';

interface SentiTextLike {
  text: string;
  words_and_emoticons: string[];
  is_cap_diff: boolean;
}
interface VaderAnalyzer {
  polarity_scores(text: string): { compound: number };
  sentiment_valence(
    valence: number,
    sentiText: SentiTextLike,
    item: string,
    index: number,
    sentiments: number[],
  ): number[];
  but_check(words: string[], sentiments: number[]): number[];
  score_valence(sentiments: number[], text: string): { compound: number };
}

// vader-sentiment is CommonJS without type declarations.
/** VADER's lexicon: a sentence with none of its words scores exactly 0 whatever the rules say. */
const lexicon = (
  createRequire(import.meta.url)('vader-sentiment/src/vader_lexicon.js') as {
    lexicon: Record<string, number>;
  }
).lexicon;
const hasOwn = Object.prototype.hasOwnProperty;
const analyzer = (
  createRequire(import.meta.url)('vader-sentiment') as { SentimentIntensityAnalyzer: VaderAnalyzer }
).SentimentIntensityAnalyzer;

/** vader-sentiment's REGEX_REMOVE_PUNCTUATION, PUNC_LIST and BOOSTER_DICT keys (not exported by its bundle). */
const punctuation = /[!"#$%&'()*+,-./:;<=>?@[\\\]^_`{|}~]/g;
const punctuationList = [
  '.',
  '!',
  '?',
  ',',
  ';',
  ':',
  '-',
  "'",
  '"',
  '!!',
  '!!!',
  '??',
  '???',
  '?!?',
  '!?!',
  '?!?!',
  '!?!?',
];
const boosters = new Set(
  (
    'absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely especially ' +
    'exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking greatly hella ' +
    'highly hugely incredibly intensely majorly more most particularly purely quite really remarkably so substantially ' +
    'thoroughly totally tremendously uber unbelievably unusually utterly very almost barely hardly kinda kindof ' +
    'kind-of less little marginally occasionally partly scarcely slightly somewhat sorta sortof sort-of'
  ).split(' '),
);
const allCaps = /^[^a-z]*[A-Z]+[^a-z]*$/;

/**
 * vader-sentiment's tokenisation (SentiText.get_words_and_emoticons) without the object of
 * 17 x 2 x words punctuated variants it builds per call: a token that is a punctuation mark from
 * its list plus a word of the punctuation-free text (or the word plus the mark) becomes the word.
 */
function wordsAndEmoticons(text: string): string[] {
  const bare = new Set(
    text
      .replace(punctuation, '')
      .split(/\s/)
      .filter((w) => w.length > 1),
  );
  const tokens = text.split(/\s/).filter((t) => t.length > 1);
  return tokens.map((token) => {
    for (const mark of punctuationList) {
      if (token.startsWith(mark) && bare.has(token.slice(mark.length))) return token.slice(mark.length);
      if (token.endsWith(mark) && bare.has(token.slice(0, token.length - mark.length)))
        return token.slice(0, token.length - mark.length);
    }
    return token;
  });
}

/**
 * VADER's compound polarity of `text`, the same number as vader-sentiment's
 * `polarity_scores(text).compound`, computed with a linear-time tokeniser and the library's own
 * valence rules.
 */
export function vaderCompound(text: string): number {
  const words = wordsAndEmoticons(text);
  if (!words.some((w) => hasOwn.call(lexicon, w.toLowerCase()))) return 0;
  const capitals = words.reduce((n, w) => n + (allCaps.test(w) ? 1 : 0), 0);
  const mixed = words.length - capitals;
  const sentiText: SentiTextLike = {
    text,
    words_and_emoticons: words,
    is_cap_diff: mixed > 0 && mixed < words.length,
  };
  let sentiments: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const item = words[i]!;
    const lower = item.toLowerCase();
    if ((lower === 'kind' && words[i + 1]?.toLowerCase() === 'of') || boosters.has(lower)) {
      sentiments.push(0);
      continue;
    }
    sentiments = analyzer.sentiment_valence(0, sentiText, item, i, sentiments);
  }
  sentiments = analyzer.but_check(words, sentiments);
  return analyzer.score_valence(sentiments, text).compound;
}

/** vader-sentiment's own `polarity_scores(text).compound`, the reference `vaderCompound` matches. */
export function vaderReferenceCompound(text: string): number {
  return analyzer.polarity_scores(text).compound;
}
