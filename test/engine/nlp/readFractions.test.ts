import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFractions } from '../../../src/engine/nlp/readFractions.ts';

describe('readFractions', () => {
  it('reads fractions, mixed numbers and dozens exactly', () => {
    const values = (text: string) => readFractions(text).map((f) => [f.text, f.value]);
    expect(values('About two thirds of the users.')).toEqual([['two thirds', 2 / 3]]);
    expect(values('It took five and a half weeks.')).toEqual([['five and a half', 5.5]]);
    expect(values('three quarters')).toEqual([['three quarters', 0.75]]);
    expect(values('a third of the budget')).toEqual([['a third', 1 / 3]]);
    expect(values('order three dozen and half a dozen eggs')).toEqual([
      ['three dozen', 36],
      ['half a dozen', 6],
    ]);
  });

  it('leaves ordinals and periods alone', () => {
    expect(readFractions('We need a third option.')).toEqual([]);
    expect(readFractions('Next quarter looks better.')).toEqual([]);
    expect(readFractions('We can do it in a quarter or two.')).toEqual([]);
    expect(readFractions('the first half of the year')).toEqual([]);
  });

  it('gives numerator over denominator for any spelled fraction (property)', () => {
    const words = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    const denominators: Array<[string, number]> = [
      ['thirds', 3],
      ['fifths', 5],
      ['eighths', 8],
      ['tenths', 10],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.constantFrom(...denominators), (n, [word, d]) => {
        const [found] = readFractions(`${words[n]} ${word} of it`);
        expect(found?.value).toBe((n + 2) / d);
      }),
      { numRuns: 60, seed: 9 },
    );
  });

  it('never throws on odd input', () => {
    expect(readFractions('')).toEqual([]);
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        readFractions(text);
      }),
      { numRuns: 200, seed: 4 },
    );
  });
});
