import type { z } from 'zod';
import { toValidationIssues } from '../../model/parse.ts';

/**
 * Checks a response against its wire schema before it leaves. A mismatch is the server's own
 * fault, so it is thrown as an internal error (a logged 500), never as a 400.
 */
export function responseBody<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toValidationIssues(result.error)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  throw new Error(`Server built an invalid ${subject}: ${issues}`);
}
