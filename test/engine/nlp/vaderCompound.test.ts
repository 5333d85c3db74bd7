import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vaderCompound, vaderReferenceCompound } from '../../../src/engine/nlp/vaderCompound.ts';

const words = [
  'good',
  'GOOD',
  'bad',
  'not',
  "isn't",
  'never',
  'so',
  'very',
  'kind',
  'of',
  'but',
  'BUT',
  'least',
  'at',
  'love',
  'hate',
  'the',
  'bomb',
  'yeah',
  'right',
  'sort',
  'great!',
  '!great',
  'great!!!',
  '"nice"',
  "'fine'",
  '-happy-',
  'sad,',
  ':)',
  ':(',
  'a',
  'I',
  'kind-of',
  'hardly',
  'ok?',
  '???',
  '...',
  'lol',
  'meh',
  'üñí',
];

describe('vaderCompound', () => {
  it('gives the same compound score as vader-sentiment on sentiment-laden word sequences', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words), { maxLength: 14 }),
        fc.constantFrom(' ', '  ', '\t', ' \n'),
        (tokens, gap) => {
          const text = tokens.join(gap);
          expect(vaderCompound(text)).toBe(vaderReferenceCompound(text));
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });

  it('gives the same compound score as vader-sentiment on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        expect(vaderCompound(text)).toBe(vaderReferenceCompound(text));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('scores empty and punctuation-only text as 0', () => {
    expect(vaderCompound('')).toBe(0);
    expect(vaderCompound('?!?! ...')).toBe(0);
  });
});
