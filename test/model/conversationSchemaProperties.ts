import fc from 'fast-check';
import { expect } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { formatPath, parse } from '../../src/model/parse.ts';
import { arbitraryFor, arbitraryInvalid, type InvalidSample } from '../support/zodArbitrary.ts';

/*
 * Property checks shared by the Conversation API model tests. Kept small in runs: every family
 * has its own file and the whole model suite must stay at a few seconds.
 */

const RUNS = 60;

/** What a value looks like after JSON.stringify / JSON.parse (drops undefined, turns -0 into 0). */
export function overJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Inputs `looseBoolean` accepts. `arbitraryFor(looseBoolean)` never returns: it draws random
 * strings for the string branch and filters for the four spellings, so schemas with lenient
 * booleans get hand-written input arbitraries built from this.
 */
export const looseBooleanInput: fc.Arbitrary<boolean | string> = fc.constantFrom(
  true,
  false,
  'true',
  'false',
  '1',
  '0',
  ' TRUE ',
  'False',
);

/**
 * A valid input (from `valid`) with one of the named top-level fields replaced by one of its wrong
 * values fails, naming that field. For schemas `arbitraryInvalid` cannot sample.
 */
export function checkMalformedFields(
  schema: z.ZodType,
  subject: string,
  valid: fc.Arbitrary<Record<string, unknown>>,
  wrongValues: Record<string, readonly unknown[]>,
  numRuns = RUNS,
): void {
  const broken = fc
    .constantFrom(...Object.entries(wrongValues))
    .chain(([key, wrongs]) => fc.tuple(fc.constant(key), fc.constantFrom(...wrongs)));
  fc.assert(
    fc.property(valid, broken, (value, [key, wrong]) => {
      expectInvalidAt(schema, { ...value, [key]: wrong }, subject, key);
    }),
    { numRuns },
  );
}

/**
 * Every accepted input, once parsed, survives JSON: the parsed value sent over the wire re-parses
 * to itself (so a server can emit what it parsed and a client read it back), and the raw input
 * sent over the wire parses to the same value.
 */
export function checkRoundTrip(
  schema: z.ZodType,
  subject: string,
  numRuns = RUNS,
  inputs: fc.Arbitrary<unknown> = arbitraryFor(schema),
): void {
  fc.assert(
    fc.property(inputs, (input) => {
      const wire = overJson(parse(schema, input, subject));
      expect(parse(schema, wire, subject)).toEqual(wire);
      expect(overJson(parse(schema, overJson(input), subject))).toEqual(wire);
    }),
    { numRuns },
  );
}

/** Asserts that parsing `value` throws a ValidationError one of whose issues names `path`. */
export function expectInvalidAt(schema: z.ZodType, value: unknown, subject: string, path: string): void {
  let error: unknown;
  try {
    parse(schema, value, subject);
  } catch (caught) {
    error = caught;
  }
  expect(error, `${subject} accepted ${JSON.stringify(value)}`).toBeInstanceOf(ValidationError);
  const paths = (error as ValidationError).issues.map((issue) => issue.path);
  expect(paths).toContain(path);
  expect((error as ValidationError).message).toContain(subject);
}

/**
 * A valid value with one required field given a wrong type fails, naming that field. `wrap`
 * places the sample inside a bigger value (for schemas the generator cannot break directly, such
 * as unions), with `prefix` prepended to the reported path.
 */
export function checkMalformed(
  schema: z.ZodType,
  subject: string,
  options: { sampleFrom?: z.ZodType; wrap?: (value: unknown) => unknown; prefix?: (string | number)[] } = {},
  numRuns = RUNS,
): void {
  const { sampleFrom = schema, wrap = (value: unknown) => value, prefix = [] } = options;
  fc.assert(
    fc.property(arbitraryInvalid(sampleFrom), ({ value, path }: InvalidSample) => {
      expectInvalidAt(schema, wrap(value), subject, formatPath([...prefix, ...path]));
    }),
    { numRuns },
  );
}
