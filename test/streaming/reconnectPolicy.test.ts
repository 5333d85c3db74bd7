import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/errors/AuthenticationError.ts';
import { ConnectionError } from '../../src/errors/ConnectionError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import {
  backoffDelayMs,
  DEFAULT_RECONNECT,
  isReconnectable,
  isReconnectableClose,
  reconnectPolicy,
} from '../../src/streaming/reconnectPolicy.ts';

describe('reconnectPolicy', () => {
  it('is off unless asked for, with defaults for true', () => {
    expect(reconnectPolicy(undefined)).toBeUndefined();
    expect(reconnectPolicy(false)).toBeUndefined();
    expect(reconnectPolicy(true)).toEqual(DEFAULT_RECONNECT);
    expect(reconnectPolicy({ maxAttempts: 2 })?.maxAttempts).toBe(2);
    expect(() => reconnectPolicy({ maxAttempts: 0 })).toThrow(ValidationError);
  });

  it('classifies close codes and typed failures', () => {
    for (const code of [1001, 1005, 1006, 1011, 1012, 1013, 1014, 3006])
      expect(isReconnectableClose(code)).toBe(true);
    for (const code of [1000, 1002, 1003, 1007, 1008, 4001]) expect(isReconnectableClose(code)).toBe(false);
    expect(isReconnectable(new ConnectionError('refused'), 1006)).toBe(true);
    expect(isReconnectable(new AuthenticationError('expired'), 1006)).toBe(false);
  });

  it('draws full-jitter backoff below a doubling ceiling capped at maxDelayMs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelayMs(DEFAULT_RECONNECT, attempt, () => r);
          const ceiling = Math.min(5000, 250 * 2 ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.max(ceiling, 1));
        },
      ),
    );
  });
});
