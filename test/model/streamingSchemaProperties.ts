import fc from 'fast-check';
import { expect } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { formatPath, parse } from '../../src/model/parse.ts';
import { arbitraryFor, arbitraryInvalid } from '../support/zodArbitrary.ts';

/*
 * The two properties every wire schema of this room is held to (shared by the streaming, telephony,
 * trackers and other model tests; a candidate for test/support):
 * - round trip: a value the schema accepts parses to the same thing after a trip through JSON, and
 *   its parsed form parses to itself (parsing is idempotent, so what a server emits its client reads);
 * - malformed: one required field of the wrong type fails with a ValidationError naming that path.
 */

const RUNS = 60;

function throughJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

/** Parsed values of `schema` survive JSON and re-parse equal. */
export function assertRoundTrip(schema: z.ZodType, subject: string, numRuns = RUNS): void {
  fc.assert(
    fc.property(arbitraryFor(schema), (input) => {
      const parsed = parse(schema, input, subject);
      const wire = throughJson(parsed);
      expect(parse(schema, throughJson(input), subject)).toEqual(wire);
      expect(parse(schema, wire, subject)).toEqual(wire);
    }),
    { numRuns },
  );
}

/** A wrong-typed required field fails with a ValidationError whose issues name its path. */
export function assertMalformedNamed(schema: z.ZodType, subject: string, numRuns = RUNS): void {
  fc.assert(
    fc.property(arbitraryInvalid(schema), ({ value, path }) => {
      let error: unknown;
      try {
        parse(schema, value, subject);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toContain(formatPath(path));
      expect((error as ValidationError).message).toContain(subject);
    }),
    { numRuns },
  );
}

/** The issues of a value a schema rejects (fails the test if it is accepted). */
export function issuesOf(
  schema: z.ZodType,
  value: unknown,
  subject = 'value',
): { path: string; message: string }[] {
  try {
    parse(schema, value, subject);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  return expect.unreachable(`expected ${subject} to be rejected: ${JSON.stringify(value)}`);
}
