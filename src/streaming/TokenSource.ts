import { AuthenticationError } from '../errors/AuthenticationError.ts';

/**
 * An access token, or a function that returns one (called before every connection, so a provider
 * can refresh an expiring token when a session reconnects).
 */
export type TokenSource = string | (() => string | Promise<string>);

/** The token a source gives now; an empty token is an AuthenticationError. */
export async function resolveToken(source: TokenSource): Promise<string> {
  let token: string;
  try {
    token = typeof source === 'string' ? source : await source();
  } catch (error) {
    throw new AuthenticationError('The access token provider failed', { cause: error });
  }
  if (typeof token !== 'string' || token.trim() === '') {
    throw new AuthenticationError('The access token is empty');
  }
  return token;
}
