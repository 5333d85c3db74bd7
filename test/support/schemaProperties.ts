import fc from 'fast-check';
import { expect } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { formatPath, parse } from '../../src/model/parse.ts';
import { arbitraryFor, arbitraryInvalid } from './zodArbitrary.ts';

/** JSON has no -0: a parsed value equals its round trip once its -0s are read as 0. */
export function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]));
  }
  return value;
}

/** Runs `run`, which must throw a ValidationError, and returns that error. */
export function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError, but parsing succeeded');
}

/** Every value the schema accepts survives a JSON round trip and parses again to the same value. */
export function expectJsonRoundTrip(schema: z.ZodType, subject: string, numRuns = 100): void {
  fc.assert(
    fc.property(arbitraryFor(schema), (input) => {
      const parsed = parse(schema, input, subject);
      expect(parse(schema, JSON.parse(JSON.stringify(parsed)), subject)).toEqual(withoutNegativeZero(parsed));
    }),
    { numRuns },
  );
}

/** A value broken at one path fails with a ValidationError whose issues name that path. */
export function expectMutationsNamed(schema: z.ZodType, subject: string): void {
  fc.assert(
    fc.property(arbitraryInvalid(schema), ({ value, path }) => {
      const error = validationError(() => parse(schema, value, subject));
      expect(error.issues.map((i) => i.path)).toContain(formatPath(path));
    }),
    { numRuns: 100 },
  );
}
