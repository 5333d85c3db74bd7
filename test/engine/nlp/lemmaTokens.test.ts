import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lemmaTokens } from '../../../src/engine/nlp/lemmaTokens.ts';

describe('lemmaTokens', () => {
  it('gives lemmas, tags and offsets of each token', () => {
    const tokens = lemmaTokens('We lost two large accounts.');
    expect(tokens.map((t) => t.lemma)).toEqual(['we', 'lose', 'two', 'large', 'account', '.']);
    expect(tokens.find((t) => t.text === 'accounts')).toMatchObject({ pos: 'NOUN', stop: false, offset: 18 });
    expect(tokens[0]?.stop).toBe(true);
  });

  it('returns nothing for empty text', () => {
    expect(lemmaTokens('')).toEqual([]);
  });

  it('every token sits at its offset, in order, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        let previous = -1;
        for (const token of lemmaTokens(text)) {
          expect(text.slice(token.offset, token.offset + token.text.length)).toBe(token.text);
          expect(token.offset).toBeGreaterThan(previous);
          previous = token.offset;
        }
      }),
      { numRuns: 200 },
    );
  });
});
