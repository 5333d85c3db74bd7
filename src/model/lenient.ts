import { z } from 'zod';

/*
 * Lenient primitives for fields that clients encode in different ways:
 * query strings and JSON bodies from the Python SDK carry booleans and numbers as strings.
 * Use these only where clients are known to vary; elsewhere use the strict zod primitives.
 */

/** `true`, `"true"`, `"1"` → true; `false`, `"false"`, `"0"` → false. Anything else is rejected. */
export const looseBoolean = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', '1', '0']))
    .transform((s) => s === 'true' || s === '1'),
]);

/** A finite number, or a string holding one (`"0.5"`, `" 3 "`). */
export const looseNumber = z.union([
  z.number().finite(),
  z
    .string()
    .trim()
    .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, 'expected a number')
    .transform(Number),
]);

/** An integer, or a string holding one. */
export const looseInteger = looseNumber.pipe(z.number().int());

/** Ids are always strings on the wire; numeric ids sent by lax clients are turned into strings. */
export const idString = z.union([z.string().min(1), z.number().int().transform(String)]);
