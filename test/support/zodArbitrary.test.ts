import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { idString, looseBoolean, looseNumber } from '../../src/model/lenient.ts';
import { formatPath, parse } from '../../src/model/parse.ts';
import { arbitraryFor, arbitraryInvalid } from './zodArbitrary.ts';

const Sample = z.object({
  id: idString,
  name: z.string().min(2).max(5),
  count: z.number().int().min(0).max(10),
  kind: z.enum(['a', 'b']),
  at: z.iso.datetime(),
  digits: z.string().regex(/^\d{3}$/),
  flag: looseBoolean,
  score: looseNumber,
  tags: z.array(z.object({ key: z.string(), value: z.number() })).min(1),
  nested: z.object({ deep: z.literal('x'), maybe: z.string().optional() }),
  either: z.union([z.string(), z.null()]),
  map: z.record(z.string(), z.boolean()),
  uid: z.uuid(),
  fallback: z.string().default('d'),
});

describe('arbitraryFor', () => {
  it('generates only values the schema accepts', () => {
    fc.assert(
      fc.property(arbitraryFor(Sample), (value) => {
        expect(Sample.safeParse(value).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('arbitraryInvalid', () => {
  it('breaks exactly the reported field, and parse names it', () => {
    fc.assert(
      fc.property(arbitraryInvalid(Sample), ({ value, path }) => {
        let error: unknown;
        try {
          parse(Sample, value, 'sample');
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ValidationError);
        const paths = (error as ValidationError).issues.map((i) => i.path);
        expect(paths).toContain(formatPath(path));
      }),
      { numRuns: 200 },
    );
  });
});
