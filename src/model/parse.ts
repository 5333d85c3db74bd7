import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/ValidationError.ts';

/** Formats a zod path as a JavaScript accessor: `messages[2].payload.content`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Turns zod's issues into Parley's, one per offending path. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/**
 * Parses `value` with `schema`, or throws a {@link ValidationError} whose message names every
 * offending path. `subject` says what was being parsed ("start_request", "job status", ...).
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(subject, toValidationIssues(result.error));
}
