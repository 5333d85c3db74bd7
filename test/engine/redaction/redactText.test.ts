import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PiiSpan } from '../../../src/engine/redaction/PiiSpan.ts';
import { redactText } from '../../../src/engine/redaction/redactText.ts';

describe('redactText', () => {
  it('replaces each span and points its entity at the replacement', () => {
    const text = 'call 555-0123 or mail a@b.io now';
    const spans: PiiSpan[] = [
      { type: 'PHONE_NUMBER', start: 5, end: 13, text: '555-0123', value: '5550123' },
      { type: 'EMAIL_ADDRESS', start: 22, end: 28, text: 'a@b.io', value: 'a@b.io' },
    ];
    const out = redactText(text, spans, '[X]', true);
    expect(out.text).toBe('call [X] or mail [X] now');
    expect(out.entities.map((e) => out.text.slice(e.offset, e.offset + 3))).toEqual(['[X]', '[X]']);
    expect(out.mapOffset(14)).toBe(9); // "or" after the first replacement
    expect(out.mapOffset(7)).toBe(5); // inside a span: at its replacement
    expect(redactText(text, spans, '[X]', false).text).toBe(text);
  });

  it('maps every offset outside the spans to the same character of the redacted text', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(40), fc.nat(6)), { maxLength: 5 }),
        fc.string({ minLength: 1, maxLength: 16 }),
        (text, raw, replacement) => {
          // Non-overlapping spans inside the text.
          const spans: PiiSpan[] = [];
          for (const [at, length] of raw) {
            const start = Math.min(at, text.length - 1);
            const end = Math.min(text.length, start + length + 1);
            if (spans.every((s) => end <= s.start || start >= s.end))
              spans.push({ type: 'SSN', start, end, text: text.slice(start, end), value: '' });
          }
          const out = redactText(text, spans, replacement, true);
          for (let i = 0; i < text.length; i++) {
            if (spans.some((s) => s.start <= i && i < s.end)) continue;
            expect(out.text[out.mapOffset(i)]).toBe(text[i]);
          }
        },
      ),
    );
  });
});
