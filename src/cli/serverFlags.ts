import { ValidationError } from '../errors/ValidationError.ts';

/**
 * The server `live` and `call` talk to: `--url` and `--token`, else PARLEY_BASE_URL and
 * PARLEY_TOKEN; `undefined` when neither is given (the local engine). One without the other is a
 * ValidationError naming the missing one, under `subject`.
 */
export function serverFlags(
  flags: { url?: string; token?: string },
  subject: string,
): { baseUrl: string; token: string } | undefined {
  const url = flags.url ?? process.env.PARLEY_BASE_URL;
  const token = flags.token ?? process.env.PARLEY_TOKEN;
  if (url !== undefined && token !== undefined) return { baseUrl: url, token };
  if (url === undefined && token === undefined) return undefined;
  throw new ValidationError(subject, [
    {
      path: url === undefined ? 'url' : 'token',
      message:
        'give both --url and --token (or PARLEY_BASE_URL and PARLEY_TOKEN), or neither for the local engine',
    },
  ]);
}
