import { describe, expect, it } from 'vitest';
import { diarizeWords } from '../../../src/engine/diarize/diarizeWords.ts';

describe('diarizeWords', () => {
  it('gives each word the label of the segment containing or nearest its middle', () => {
    const windows = [
      { start: 0, end: 1 },
      { start: 1.5, end: 3 },
      { start: 4, end: 5 },
    ];
    const words = [
      { start: 0.1, end: 0.4 },
      { start: 1.1, end: 1.3 },
      { start: 2, end: 2.5 },
      { start: 3.1, end: 3.3 },
      { start: 5.5, end: 6 },
    ];
    expect(diarizeWords(words, windows, [0, 1, 0])).toEqual([0, 0, 1, 1, 0]);
    expect(diarizeWords(words, [], [])).toEqual([0, 0, 0, 0, 0]);
  });
});
