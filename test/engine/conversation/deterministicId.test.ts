import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deterministicNumericId,
  deterministicUuid,
} from '../../../src/engine/conversation/deterministicId.ts';

describe('deterministicId', () => {
  it('derives 16-digit numeric ids and UUIDs from their parts, stably', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 4 }), (parts) => {
        expect(deterministicNumericId(...parts)).toMatch(/^[1-9]\d{15}$/);
        expect(deterministicNumericId(...parts)).toBe(deterministicNumericId(...parts));
        expect(deterministicUuid(...parts)).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }),
    );
  });

  it('keeps part boundaries apart', () => {
    expect(deterministicNumericId('a', 'bc')).not.toBe(deterministicNumericId('ab', 'c'));
    expect(deterministicUuid('conv', 'member', 'ana')).not.toBe(deterministicUuid('conv', 'member', 'ben'));
  });
});
