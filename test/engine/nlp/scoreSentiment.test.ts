import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreSentiment, suggestSentiment } from '../../../src/engine/nlp/scoreSentiment.ts';

describe('scoreSentiment', () => {
  it('applies the wire thresholds: neutral within [-0.3, 0.3]', () => {
    expect(suggestSentiment(0.3)).toBe('neutral');
    expect(suggestSentiment(0.301)).toBe('positive');
    expect(suggestSentiment(-0.3)).toBe('neutral');
    expect(suggestSentiment(-0.301)).toBe('negative');
  });

  it('scores sentences with the sentiment model', () => {
    expect(scoreSentiment('That would be great, thank you so much!').suggested).toBe('positive');
    expect(scoreSentiment('This is really bad and I am angry.').suggested).toBe('negative');
    const plain = scoreSentiment('The meeting is on Tuesday.');
    expect(plain.suggested).toBe('neutral');
    expect(Math.abs(plain.score)).toBeLessThan(0.3);
    expect(scoreSentiment('')).toEqual({ score: 0, suggested: 'neutral' });
  });

  it('keeps the score in -1..1 and the label consistent for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const s = scoreSentiment(text);
        expect(s.score).toBeGreaterThanOrEqual(-1);
        expect(s.score).toBeLessThanOrEqual(1);
        expect(s.suggested).toBe(suggestSentiment(s.score));
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
