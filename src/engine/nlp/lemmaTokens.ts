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

/**
 * Tokenises `text` with wink-nlp's English model and returns each token with its lemma, POS tag,
 * stop-word flag and character offset (wink is lossless, so offsets come from preceding spaces).
 */
export function lemmaTokens(text: string): LemmaToken[] {
  if (text.length === 0) return [];
  const engine = winkNlp();
  const its = engine.its;
  const tokens = engine.readDoc(text).tokens();
  const values = tokens.out(its.value) as string[];
  // wink's typings declare lemma as a model add-on function that out() does not accept; it works.
  const lemmas = tokens.out(its.lemma as unknown as typeof its.value) as string[];
  const tags = tokens.out(its.pos) as string[];
  const stops = tokens.out(its.stopWordFlag) as unknown as boolean[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const result: LemmaToken[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] ?? '';
    cursor += (spaces[i] ?? '').length;
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
