import { createRequire } from 'node:module';

// The VADER lexicon alone, without VADER's rules: the "plain lexicon sign" baseline.
const lexicon = (
  createRequire(import.meta.url)('vader-sentiment/src/vader_lexicon.js') as {
    lexicon: Record<string, number>;
  }
).lexicon;

/** Sign of the summed lexicon valence of the words: the sentiment baseline. */
export function lexiconSentiment(text: string): 'positive' | 'neutral' | 'negative' {
  let sum = 0;
  for (const w of text.toLowerCase().split(/[^a-z']+/)) sum += lexicon[w] ?? 0;
  return sum > 0 ? 'positive' : sum < 0 ? 'negative' : 'neutral';
}
