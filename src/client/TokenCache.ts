import { AuthenticationError } from '../errors/AuthenticationError.ts';
import { ParleyError } from '../errors/ParleyError.ts';
import { decodeAccessTokenClaims, TOKEN_REFRESH_MARGIN_SECONDS, type TokenResponse } from '../model/auth.ts';
import type { AccessTokens } from './AccessTokens.ts';
import type { ClientCredentials } from './resolveClientTarget.ts';
import { abortable } from './sleep.ts';

/** Exchanges app credentials for a token (`POST /oauth2/token:generate`). */
export type GenerateToken = (appId: string, appSecret: string) => Promise<TokenResponse>;

/**
 * The access token of one client. A token is fetched on first use, reused while valid, and
 * replaced before it expires: once less than five minutes (or half its lifetime, for short-lived
 * tokens) remain, the next request fetches a new one. Concurrent requests share one fetch. A
 * token given directly (`accessToken`) is used as is and, when it is a JWT, refused once expired.
 */
export class TokenCache implements AccessTokens {
  readonly #credentials: ClientCredentials;
  readonly #generate: GenerateToken;
  readonly #now: () => number;
  #current: { token: string; refreshAtMs: number; expiresAtMs: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(credentials: ClientCredentials, generate: GenerateToken, now: () => number = Date.now) {
    this.#credentials = credentials;
    this.#generate = generate;
    this.#now = now;
  }

  /** Whether a rejected token can be replaced (only app credentials can mint a new one). */
  get canRefresh(): boolean {
    return 'appId' in this.#credentials;
  }

  /** A token valid for at least the refresh margin; `signal` abandons the wait, not the fetch. */
  async token(signal?: AbortSignal): Promise<string> {
    const credentials = this.#credentials;
    if ('accessToken' in credentials) return this.#checkedAccessToken(credentials.accessToken);
    const current = this.#current;
    if (current !== undefined && this.#now() < current.refreshAtMs) return current.token;
    this.#pending ??= this.#fetch(credentials.appId, credentials.appSecret).finally(() => {
      this.#pending = undefined;
    });
    return abortable(this.#pending, signal);
  }

  /** Forgets `token` after a server refused it, so the next call fetches a new one. */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #fetch(appId: string, appSecret: string): Promise<string> {
    const issuedAt = this.#now();
    const { accessToken, expiresIn } = await this.#generate(appId, appSecret);
    const expiresAtMs = expiryOf(accessToken) ?? issuedAt + expiresIn * 1000;
    const lifetimeMs = Math.max(0, expiresAtMs - issuedAt);
    const marginMs = Math.min(TOKEN_REFRESH_MARGIN_SECONDS * 1000, lifetimeMs / 2);
    this.#current = { token: accessToken, expiresAtMs, refreshAtMs: expiresAtMs - marginMs };
    return accessToken;
  }

  #checkedAccessToken(token: string): string {
    const expiresAtMs = expiryOf(token);
    if (expiresAtMs !== undefined && expiresAtMs <= this.#now()) {
      throw new AuthenticationError(
        `The access token expired at ${new Date(expiresAtMs).toISOString()}; configure app credentials so tokens can be refreshed.`,
      );
    }
    return token;
  }
}

/** The `exp` of a JWT in milliseconds, or undefined for tokens that are not JWTs. */
function expiryOf(token: string): number | undefined {
  try {
    return decodeAccessTokenClaims(token).exp * 1000;
  } catch (error) {
    if (error instanceof ParleyError) return undefined;
    throw error;
  }
}
