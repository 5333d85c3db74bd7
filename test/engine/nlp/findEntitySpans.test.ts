import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findEntitySpans } from '../../../src/engine/nlp/findEntitySpans.ts';

const reference = new Date('2024-03-04T15:00:00Z');
const spans = (text: string) =>
  findEntitySpans(text, { reference, members: [{ id: 'k', name: 'Kevin Patel' }] }).map((s) => [
    s.type,
    s.text,
    s.value,
  ]);

describe('findEntitySpans', () => {
  it('reads money in the currencies compromise knows, with cents', () => {
    expect(spans('It closed at 197 pence.')).toContainEqual(['money', '197 pence', '197']);
    expect(spans('They offered 10,000 swiss francs.')).toContainEqual([
      'money',
      '10,000 swiss francs',
      '10000',
    ]);
    expect(spans('That is 3 dollars 50 cents.')).toContainEqual(['money', '3 dollars 50 cents', '3.5']);
    expect(spans('thirteen dollars and forty-five cents')).toContainEqual([
      'money',
      'thirteen dollars and forty-five cents',
      '13.45',
    ]);
  });

  it('writes values as people do and reads fractions exactly', () => {
    expect(spans('We raised $16.4 million.')).toContainEqual(['money', '$16.4 million', '16400000']);
    expect(spans('About two thirds of them agreed.')).toContainEqual([
      'number',
      'two thirds',
      '0.666666666666667',
    ]);
    expect(spans('It takes five and a half weeks.')).toContainEqual(['number', 'five and a half', '5.5']);
  });

  it('finds plain numbers without compromise and the rest with it', () => {
    expect(spans('We have eighty thousand dollars left.')).toContainEqual([
      'money',
      'eighty thousand dollars',
      '80000',
    ]);
    expect(spans('Our rating dropped to three stars.')).toContainEqual(['number', 'three', '3']);
    expect(spans('I will call the agency in Boston tomorrow.')).toContainEqual([
      'location',
      'Boston',
      'boston',
    ]);
    // A vocative member name and discourse words are not sent to compromise as names.
    expect(spans('Kevin, please send it. Sure, I will.')).toEqual([['person', 'Kevin', 'kevin']]);
  });

  it('answers the same for the same sentence at the same instant, and a new array otherwise', () => {
    const a = findEntitySpans('Call me on Friday at 3 pm.', { reference });
    expect(findEntitySpans('Call me on Friday at 3 pm.', { reference })).toBe(a);
    const later = findEntitySpans('Call me on Friday at 3 pm.', {
      reference: new Date(reference.getTime() + 864e5 * 7),
    });
    expect(later).not.toBe(a);
    expect(later[0]?.value).not.toBe(a[0]?.value);
  });

  it('never throws on empty, huge, odd-Unicode or garbage text', () => {
    expect(findEntitySpans('', { reference })).toEqual([]);
    expect(() => findEntitySpans('word 12 '.repeat(5000), { reference })).not.toThrow();
    expect(() => findEntitySpans('\u0000 💥 \u200b Ｍonday ２ 三 \ud800', { reference })).not.toThrow();
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        for (const s of findEntitySpans(text, { reference }))
          expect(text.slice(s.offset, s.offset + s.text.length)).toBe(s.text);
      }),
      { numRuns: 150, seed: 21 },
    );
  });
});
