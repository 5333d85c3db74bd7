import type { IncomingHttpHeaders } from 'node:http';
import { AuthenticationError } from '../../errors/AuthenticationError.ts';
import { RateLimitError } from '../../errors/RateLimitError.ts';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, TOKEN_REFRESH_MARGIN_SECONDS } from '../../model/auth.ts';
import { INVALID_CREDENTIALS_MESSAGE, TOKEN_VALIDATION_FAILED_MESSAGE } from '../../model/errorBody.ts';
import type { Store } from '../store/Store.ts';
import type { AppRecord } from '../store/StoreRecords.ts';
import { webhookSigningKey } from '../webhooks/webhookSigningKey.ts';
import { FailedAttemptThrottle } from './FailedAttemptThrottle.ts';
import { signJwt, verifyJwt } from './Jwt.ts';
import { SecretVerifier } from './SecretVerifier.ts';
import type { ServerKey } from './ServerKey.ts';
import { VerifiedTokens } from './VerifiedTokens.ts';

/** The body of a successful `POST /oauth2/token:generate`. */
export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/** Options of {@link TokenService}. */
export interface TokenServiceOptions {
  /** Access token lifetime (default 86400 s). */
  lifetimeSeconds?: number;
  verifier?: SecretVerifier;
  throttle?: FailedAttemptThrottle;
}

/**
 * A cached token is handed out again only while it has this much life left: the JavaScript SDK refreshes
 * 300 s before expiry, so a shorter remainder would make it regenerate in a loop.
 */
const REUSE_MIN_REMAINING_SECONDS = 2 * TOKEN_REFRESH_MARGIN_SECONDS;

/** Grant type of the tokens the server mints for itself ({@link TokenService.internalToken}). */
const INTERNAL = 'internal';

/**
 * Issues and checks access tokens: HS256 JWTs signed with a key derived from the server key (so
 * they survive restarts and are valid on every node given that key), each carrying the version of
 * the app secret it was issued under (`ver`): once the secret changes, its old tokens fail.
 *
 * Secrets are checked off the event loop and remembered once verified (see {@link SecretVerifier});
 * a client (by address) with too many failures is refused with 429 before any check, except
 * that credentials already verified still get their token.
 */
export class TokenService {
  readonly #store: Store;
  readonly #key: ServerKey;
  readonly #lifetimeSeconds: number;
  readonly #verifier: SecretVerifier;
  readonly #throttle: FailedAttemptThrottle;
  readonly #issued = new Map<string, { token: string; exp: number; ver: number }>();
  readonly #verified = new VerifiedTokens();

  constructor(store: Store, key: ServerKey, options: TokenServiceOptions = {}) {
    this.#store = store;
    this.#key = key;
    this.#lifetimeSeconds = options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    this.#verifier = options.verifier ?? new SecretVerifier();
    this.#throttle = options.throttle ?? new FailedAttemptThrottle();
  }

  /**
   * Checks the app's credentials and returns a token. While an earlier token of the same app and
   * secret is still comfortably valid, that same token comes back with its remaining lifetime.
   * @throws AuthenticationError for an unknown app or a wrong secret (the same answer for both).
   * @throws RateLimitError when `client` failed too often lately, or too many checks are waiting.
   */
  async generate(appId: string, appSecret: string, client: string): Promise<IssuedToken> {
    const app = await this.#store.getApp(appId);
    if (app === undefined || !this.#verifier.remembered(appSecret, app.secretHash)) {
      const blockedMs = this.#throttle.blockedFor(client);
      if (blockedMs > 0)
        throw new RateLimitError('Too many failed token requests from this client; retry later.', blockedMs);
      if (!(await this.#verifier.verify(appSecret, app?.secretHash))) {
        this.#throttle.failed(client);
        throw new AuthenticationError(INVALID_CREDENTIALS_MESSAGE);
      }
      await this.#keepWebhookKey(app!, appSecret);
    }
    return this.#issue(app!);
  }

  /**
   * The app a request acts for, from `Authorization: Bearer` (preferred) or `x-api-key`.
   * @throws AuthenticationError for a missing, malformed, foreign, expired or revoked token.
   */
  async authenticate(headers: IncomingHttpHeaders): Promise<string> {
    const token = tokenFromHeaders(headers);
    const appId = token === undefined ? undefined : await this.appOf(token);
    if (appId === undefined) throw new AuthenticationError(TOKEN_VALIDATION_FAILED_MESSAGE);
    return appId;
  }

  /**
   * A short-lived access token the server mints for its own use and never hands to a client:
   * a page grant's subscribe socket carries one past the streaming endpoints' token check.
   */
  internalToken(appId: string, lifetimeSeconds = 60): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ sub: appId, iat: now, exp: now + lifetimeSeconds, gty: INTERNAL }, this.#key.tokenKey);
  }

  /**
   * The app `token` acts for; undefined unless it is valid, current and of the app's current
   * secret (internal tokens, a minute long and never handed out, carry no secret version).
   */
  async appOf(token: string): Promise<string | undefined> {
    const now = Date.now() / 1000;
    let claims = this.#verified.get(token, now);
    if (claims === undefined) {
      claims = verifyJwt(token, this.#key.tokenKey, now);
      if (claims === undefined) return undefined;
      this.#verified.remember(token, claims);
    }
    const app = await this.#store.getApp(claims.sub);
    if (app === undefined) return undefined;
    return claims.ver === app.secretVersion || claims.gty === INTERNAL ? app.appId : undefined;
  }

  #issue(app: AppRecord): IssuedToken {
    const now = Math.floor(Date.now() / 1000);
    const cached = this.#issued.get(app.appId);
    if (
      cached !== undefined &&
      cached.ver === app.secretVersion &&
      cached.exp - now >= Math.min(REUSE_MIN_REMAINING_SECONDS, this.#lifetimeSeconds)
    ) {
      return { accessToken: cached.token, expiresIn: cached.exp - now };
    }
    const exp = now + this.#lifetimeSeconds;
    const claims = { sub: app.appId, iat: now, exp, gty: 'client-credentials', ver: app.secretVersion };
    const token = signJwt(claims, this.#key.tokenKey);
    this.#issued.set(app.appId, { token, exp, ver: app.secretVersion });
    return { accessToken: token, expiresIn: this.#lifetimeSeconds };
  }

  /** An app registered before webhook keys existed gets its key the first time its secret is seen. */
  async #keepWebhookKey(app: AppRecord, appSecret: string): Promise<void> {
    if (app.webhookKey !== undefined) return;
    const sealed = this.#key.seal(webhookSigningKey(appSecret));
    await this.#store.setAppWebhookKey(app.appId, app.secretVersion, sealed);
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
