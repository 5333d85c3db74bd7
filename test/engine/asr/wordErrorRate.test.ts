import { describe, expect, it } from 'vitest';
import { wordErrorRate } from '../../../src/engine/asr/wordErrorRate.ts';

describe('wordErrorRate', () => {
  it('counts substitutions, deletions and insertions over normalised words', () => {
    expect(wordErrorRate('Ask not, what your country can do.', 'ask not what your country can do')).toBe(0);
    expect(wordErrorRate('one two three four', 'one too three')).toBe(0.5);
    expect(wordErrorRate('one two', 'one two three four')).toBe(1);
    expect(wordErrorRate('', 'anything')).toBe(0);
  });
});
