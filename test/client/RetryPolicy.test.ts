import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from '../../src/client/RetryPolicy.ts';

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(['0.5'])).toBe(500);
    const now = Date.parse('2026-03-02T15:00:00Z');
    expect(parseRetryAfter('Mon, 02 Mar 2026 15:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 14:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('backs off within [minDelay, min(maxDelay, minDelay * factor^(n-1))] and never under Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: undefined }),
        (attempt, random, retryAfter) => {
          const p = DEFAULT_RETRY_POLICY;
          const delay = retryDelayMs(p, attempt, retryAfter, () => random);
          const ceiling = Math.min(p.maxDelayMs, p.minDelayMs * p.factor ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(Math.max(p.minDelayMs, retryAfter ?? 0));
          expect(delay).toBeLessThanOrEqual(Math.max(ceiling, retryAfter ?? 0));
        },
      ),
    );
  });
});
