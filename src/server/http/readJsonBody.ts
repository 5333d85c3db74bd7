import type { IncomingMessage } from 'node:http';
import { ValidationError } from '../../errors/ValidationError.ts';
import { readBody } from './readBody.ts';

/**
 * Reads and parses a JSON body. An empty body yields `undefined` (the route's schema then says
 * what was missing); anything that is not JSON is a 400 naming the body.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const bytes = await readBody(req, limitBytes);
  const text = bytes.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError('request body', [{ path: '', message: 'body is not valid JSON' }], {
      cause: error,
    });
  }
}
