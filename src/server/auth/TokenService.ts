import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AuthenticationError } from '../../errors/AuthenticationError.ts';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, TOKEN_REFRESH_MARGIN_SECONDS } from '../../model/auth.ts';
import { INVALID_CREDENTIALS_MESSAGE, TOKEN_VALIDATION_FAILED_MESSAGE } from '../../model/errorBody.ts';
import type { Store } from '../store/Store.ts';
import { signJwt, verifyJwt } from './Jwt.ts';
import { secretMatches } from './secretHash.ts';

/** The body of a successful `POST /oauth2/token:generate`. */
export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/**
 * A cached token is handed out again only while it has this much life left: the JavaScript SDK refreshes
 * 300 s before expiry, so a shorter remainder would make it regenerate in a loop.
 */
const REUSE_MIN_REMAINING_SECONDS = 2 * TOKEN_REFRESH_MARGIN_SECONDS;

/**
 * Issues and checks access tokens: HS256 JWTs signed with a key kept in the store (so tokens
 * survive restarts and are valid on every node sharing the store).
 */
export class TokenService {
  readonly #store: Store;
  readonly #key: Buffer;
  readonly #lifetimeSeconds: number;
  readonly #issued = new Map<string, { token: string; exp: number }>();

  private constructor(store: Store, key: Buffer, lifetimeSeconds: number) {
    this.#store = store;
    this.#key = key;
    this.#lifetimeSeconds = lifetimeSeconds;
  }

  /** Loads (or creates, once per store) the signing key. */
  static async create(store: Store, lifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS): Promise<TokenService> {
    const key = await store.initSetting('auth.jwtHs256Key', randomBytes(32).toString('hex'));
    return new TokenService(store, Buffer.from(key, 'hex'), lifetimeSeconds);
  }

  /**
   * Checks the app's credentials and returns a token. While an earlier token of the same app is
   * still comfortably valid, that same token comes back with its remaining lifetime.
   */
  async generate(appId: string, appSecret: string): Promise<IssuedToken> {
    const app = await this.#store.getApp(appId);
    if (app === undefined || !secretMatches(appSecret, app.secretHash)) {
      throw new AuthenticationError(INVALID_CREDENTIALS_MESSAGE);
    }
    const now = Math.floor(Date.now() / 1000);
    const cached = this.#issued.get(appId);
    if (
      cached !== undefined &&
      cached.exp - now >= Math.min(REUSE_MIN_REMAINING_SECONDS, this.#lifetimeSeconds)
    ) {
      return { accessToken: cached.token, expiresIn: cached.exp - now };
    }
    const exp = now + this.#lifetimeSeconds;
    const token = signJwt({ sub: appId, iat: now, exp, gty: 'client-credentials' }, this.#key);
    this.#issued.set(appId, { token, exp });
    return { accessToken: token, expiresIn: this.#lifetimeSeconds };
  }

  /**
   * A short-lived access token the server mints for its own use and never hands to a client:
   * a page grant's subscribe socket carries one past the streaming endpoints' token check.
   */
  internalToken(appId: string, lifetimeSeconds = 60): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ sub: appId, iat: now, exp: now + lifetimeSeconds, gty: 'internal' }, this.#key);
  }

  /**
   * The app a request acts for, from `Authorization: Bearer` (preferred) or `x-api-key`.
   * Throws AuthenticationError for a missing, malformed, foreign or expired token.
   */
  async authenticate(headers: IncomingHttpHeaders): Promise<string> {
    const token = tokenFromHeaders(headers);
    const claims = token === undefined ? undefined : verifyJwt(token, this.#key);
    if (claims === undefined || (await this.#store.getApp(claims.sub)) === undefined) {
      throw new AuthenticationError(TOKEN_VALIDATION_FAILED_MESSAGE);
    }
    return claims.sub;
  }
}

/** The token of `Authorization: Bearer` (preferred) or `x-api-key`, if any. */
export function tokenFromHeaders(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match !== null) return match[1];
  }
  const apiKey = headers['x-api-key'];
  const value = Array.isArray(apiKey) ? apiKey[0] : apiKey;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
