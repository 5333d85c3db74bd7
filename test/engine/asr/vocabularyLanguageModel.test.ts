import { describe, expect, it } from 'vitest';
import { vocabularyPhrases, vocabularyTokens } from '../../../src/engine/asr/PocketsphinxDecoder.ts';
import { vocabularyLanguageModel } from '../../../src/engine/asr/vocabularyLanguageModel.ts';

describe('vocabularyLanguageModel', () => {
  it('writes an ARPA model with every token as a unigram and phrase pairs as bigrams', () => {
    const phrases = vocabularyPhrases(['Waiting on', 'deploy!', 'waiting for', '42']);
    expect(phrases).toEqual([['waiting', 'on'], ['deploy'], ['waiting', 'for']]);
    expect(vocabularyTokens(['Waiting on', 'deploy!', 'waiting for'])).toEqual([
      'waiting',
      'on',
      'deploy',
      'for',
    ]);
    const arpa = vocabularyLanguageModel(phrases);
    expect(arpa).toContain('ngram 1=6');
    expect(arpa).toContain('ngram 2=2');
    const unigrams = arpa.split('\\1-grams:')[1]?.split('\\2-grams:')[0]?.trim().split('\n') ?? [];
    expect(unigrams.map((l) => l.split(' ')[1])).toEqual(['<s>', '</s>', 'waiting', 'on', 'deploy', 'for']);
    const bigrams = arpa.split('\\2-grams:')[1]?.split('\\end\\')[0]?.trim().split('\n') ?? [];
    expect(bigrams.map((l) => l.split(' ').slice(1).join(' '))).toEqual(['waiting on', 'waiting for']);
    // The two continuations of "waiting" share its half of the mass.
    expect(Number(bigrams[0]?.split(' ')[0])).toBeCloseTo(Math.log10(0.25), 3);
  });

  it('writes a unigram-only model when no phrase has two words', () => {
    const arpa = vocabularyLanguageModel([['budget']]);
    expect(arpa).not.toContain('2-grams');
    expect(arpa.trim().endsWith('\\end\\')).toBe(true);
  });
});
