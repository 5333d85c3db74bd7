/**
 * A small ARPA language model of custom vocabulary: every token as a unigram (uniform) and the
 * word pairs inside multi-word phrases as bigrams. Interpolated with the general model, it adds
 * probability to exactly these words and phrases wherever they occur.
 */
export function vocabularyLanguageModel(phrases: readonly string[][]): string {
  const tokens = [...new Set(phrases.flat())];
  const pairs = new Map<string, Set<string>>();
  for (const phrase of phrases) {
    for (let i = 0; i + 1 < phrase.length; i += 1) {
      const first = phrase[i] as string;
      const next = pairs.get(first) ?? new Set<string>();
      next.add(phrase[i + 1] as string);
      pairs.set(first, next);
    }
  }
  const unigram = Math.log10(1 / (tokens.length + 1)).toFixed(4);
  const bigramCount = [...pairs.values()].reduce((n, s) => n + s.size, 0);
  const lines = ['\\data\\', `ngram 1=${tokens.length + 2}`];
  if (bigramCount > 0) lines.push(`ngram 2=${bigramCount}`);
  lines.push('', '\\1-grams:', '-99.0000 <s> 0.0000', `${unigram} </s> 0.0000`);
  // Half of a phrase word's mass goes to continuing the phrase, half backs off to the unigrams.
  for (const t of tokens)
    lines.push(`${unigram} ${t} ${pairs.has(t) ? Math.log10(0.5).toFixed(4) : '0.0000'}`);
  if (bigramCount > 0) {
    lines.push('', '\\2-grams:');
    for (const [first, nexts] of pairs)
      for (const next of nexts) lines.push(`${Math.log10(0.5 / nexts.size).toFixed(4)} ${first} ${next}`);
  }
  lines.push('', '\\end\\', '');
  return lines.join('\n');
}
