import type { z } from 'zod';
import { ProtocolError } from '../errors/ProtocolError.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { parse } from '../model/parse.ts';

/**
 * Parses a server's answer with its schema. A mismatch is the server breaking the contract, so it
 * is a {@link ProtocolError} (naming every offending path), not a ValidationError of the caller's.
 */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, subject: string): z.output<S> {
  try {
    return parse(schema, body, subject);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ProtocolError(`The server's ${subject} does not match the API contract: ${error.message}`, {
      cause: error,
    });
  }
}
