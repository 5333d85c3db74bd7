import type { TokenClaims } from './Jwt.ts';

/**
 * Access tokens whose signature has been checked, with their claims, so a client sending the same
 * token on every request costs one HMAC, not one per request. Only a token that verified is kept,
 * found again by its exact text, and dropped once expired; what a token is worth beyond its
 * signature (its app, its secret version) is still checked on every use. At most `capacity` are
 * kept: past that the map starts over, so a flood of distinct valid tokens costs memory once.
 */
export class VerifiedTokens {
  readonly #claims = new Map<string, TokenClaims>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** The claims of `token` if it verified before and has not expired by `nowSeconds`. */
  get(token: string, nowSeconds: number): TokenClaims | undefined {
    const claims = this.#claims.get(token);
    if (claims === undefined) return undefined;
    if (claims.exp > nowSeconds) return claims;
    this.#claims.delete(token);
    return undefined;
  }

  /** Keeps `claims` of a token whose signature was just checked. */
  remember(token: string, claims: TokenClaims): void {
    if (this.#claims.size >= this.#capacity) this.#claims.clear();
    this.#claims.set(token, claims);
  }
}
