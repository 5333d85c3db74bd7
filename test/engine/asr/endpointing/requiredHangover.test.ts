import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINTING } from '../../../../src/engine/asr/endpointing/EndpointingSettings.ts';
import {
  NON_FINAL_WORDS,
  requiredHangover,
} from '../../../../src/engine/asr/endpointing/requiredHangover.ts';

const settings = DEFAULT_ENDPOINTING;
const word = fc.constantFrom('review', 'friday', 'the', 'and', 'great', 'to', 'it', 'yes', 'of');

describe('requiredHangover', () => {
  it('is always the short or the long hangover, and never shorter for a less likely sentence end', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 6 }),
        fc.double({ min: -6, max: 0, noNaN: true }),
        fc.double({ min: -6, max: 0, noNaN: true }),
        (words, a, b) => {
          const [lower, higher] = a < b ? [a, b] : [b, a];
          const atLower = requiredHangover({ words, sentenceEndLog10: lower }, settings);
          const atHigher = requiredHangover({ words, sentenceEndLog10: higher }, settings);
          expect([settings.shortHangoverSeconds, settings.longHangoverSeconds]).toContain(atLower);
          expect(atHigher).toBeLessThanOrEqual(atLower);
        },
      ),
    );
  });

  it('waits long after a word a sentence cannot end with, however likely the model finds an end', () => {
    fc.assert(
      fc.property(fc.array(word), fc.constantFrom(...NON_FINAL_WORDS), (words, last) => {
        expect(requiredHangover({ words: [...words, last], sentenceEndLog10: 0 }, settings)).toBe(
          settings.longHangoverSeconds,
        );
      }),
    );
  });

  it('ends a finished-looking sentence after the short hangover, and waits long with no words', () => {
    expect(requiredHangover({ words: ['by', 'friday'], sentenceEndLog10: -0.6 }, settings)).toBe(
      settings.shortHangoverSeconds,
    );
    expect(requiredHangover({ words: ['by', 'friday'], sentenceEndLog10: -2.5 }, settings)).toBe(
      settings.longHangoverSeconds,
    );
    expect(requiredHangover({ words: [], sentenceEndLog10: 0 }, settings)).toBe(settings.longHangoverSeconds);
    expect(requiredHangover({ words: ['yes'], sentenceEndLog10: -0.3 }, settings)).toBe(
      settings.longHangoverSeconds,
    );
  });
});
