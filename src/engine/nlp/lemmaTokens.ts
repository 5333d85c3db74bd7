import { winkNlp } from './winkNlp.ts';

/** One token of a message as the topic, tracker and phrase analyzers read it. */
export interface LemmaToken {
  /** Surface form as written. */
  text: string;
  /** Lower-case lemma ("problems" -> "problem", "lost" -> "lose"). */
  lemma: string;
  /** Universal POS tag (NOUN, PROPN, VERB, ADJ, PUNCT, ...). */
  pos: string;
  /** True for function words (the, is, much, ...). */
  stop: boolean;
  /** Character offset of `text` inside the analysed string. */
  offset: number;
}

/** The token collection of a wink document or sentence (the part of its API used here). */
interface WinkTokens {
  out(what: unknown): unknown;
}

/**
 * Sentences already tokenised as part of a longer text (the segmenter reads whole utterances),
 * waiting for their one lemmaTokens() call. wink tags a sentence the same inside a document as
 * alone, so handing these over saves a second tokenising pass. Each entry is taken once.
 */
const handedOver = new Map<string, LemmaToken[]>();
const handedOverLimit = 64;
/**
 * The last few results: the aggregate reads a message's tokens for topics and phrases, then again
 * for tracker matches on the insights found in it. Kept small (a handful of sentences), so only
 * what was just said is remembered.
 */
const recent = new Map<string, readonly LemmaToken[]>();
const recentLimit = 8;

function remember(text: string, tokens: readonly LemmaToken[]): readonly LemmaToken[] {
  recent.delete(text);
  if (recent.size >= recentLimit) recent.delete(recent.keys().next().value as string);
  recent.set(text, tokens);
  return tokens;
}

/** The LemmaTokens of `text` from wink's token collection of it. */
export function tokensFromWink(text: string, tokens: WinkTokens): LemmaToken[] {
  const its = winkNlp().its;
  const values = tokens.out(its.value) as string[];
  // wink's typings declare lemma as a model add-on function that out() does not accept; it works.
  const lemmas = tokens.out(its.lemma) as string[];
  const tags = tokens.out(its.pos) as string[];
  const stops = tokens.out(its.stopWordFlag) as boolean[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const result: LemmaToken[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] ?? '';
    // The first token of a sentence inside a document has the gap before the sentence.
    if (i > 0) cursor += (spaces[i] ?? '').length;
    // Guard against a token wink normalised (it should not): find it forwards, else keep cursor.
    const found = text.startsWith(value, cursor) ? cursor : text.indexOf(value, cursor);
    const offset = found >= 0 ? found : cursor;
    result.push({
      text: value,
      lemma: (lemmas[i] ?? value).toLowerCase(),
      pos: tags[i] ?? 'X',
      stop: stops[i] === true,
      offset,
    });
    cursor = offset + value.length;
  }
  return result;
}

/**
 * Offers the tokens of a sentence read inside a longer text to the next lemmaTokens(text) call.
 */
export function handOverLemmaTokens(text: string, tokens: LemmaToken[]): void {
  if (handedOver.size >= handedOverLimit) handedOver.delete(handedOver.keys().next().value as string);
  handedOver.set(text, tokens);
}

/**
 * Tokenises `text` with wink-nlp's English model and returns each token with its lemma, POS tag,
 * stop-word flag and character offset (wink is lossless, so offsets come from preceding spaces).
 * The result may be shared with other callers asking about the same text: do not mutate it.
 */
export function lemmaTokens(text: string): readonly LemmaToken[] {
  if (text.length === 0) return [];
  const ready = handedOver.get(text);
  if (ready !== undefined) {
    handedOver.delete(text);
    return remember(text, ready);
  }
  const known = recent.get(text);
  if (known !== undefined) return remember(text, known);
  return remember(text, tokensFromWink(text, winkNlp().readDoc(text).tokens()));
}
