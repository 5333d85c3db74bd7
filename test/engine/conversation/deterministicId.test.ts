import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericId, uuidId } from '../../../src/engine/conversation/deterministicId.ts';

describe('deterministicId', () => {
  it('derives 16-digit numeric ids and UUIDs from their parts, stably', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 4 }), (parts) => {
        expect(numericId(...parts)).toMatch(/^[1-9]\d{15}$/);
        expect(numericId(...parts)).toBe(numericId(...parts));
        expect(uuidId(...parts)).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }),
    );
  });

  it('keeps part boundaries apart', () => {
    expect(numericId('a', 'bc')).not.toBe(numericId('ab', 'c'));
    expect(uuidId('conv', 'member', 'ana')).not.toBe(uuidId('conv', 'member', 'ben'));
  });
});
