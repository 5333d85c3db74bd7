import type { PageLook } from '../../model/pages.ts';
import { signJwt, verifyJwt } from './Jwt.ts';

/** What a page grant lets its holder read, and how the page shows it. */
export interface PageGrant {
  appId: string;
  /** The one conversation it opens; undefined: every conversation of the app (the list page). */
  conversationId?: string;
  /** A live conversation's streaming connection, whose subscribe socket the page may follow. */
  connectionId?: string;
  /** The page asked for: an experience name, or `insights-list` / `insights-details`. */
  experience: string;
  /** Whether the page shows the call score. */
  includeCallScore: boolean;
  look: PageLook;
  /** Epoch seconds; undefined: it never expires. */
  expiresAt?: number;
}

/** What {@link PageGrants.check} found. */
export type GrantCheck =
  | { kind: 'valid'; grant: PageGrant }
  | { kind: 'expired'; expiredAt: number }
  | { kind: 'invalid' };

/** `exp` of a grant that never expires: the last second of year 9999. */
const NEVER = 253_402_300_799;
const GRANT_TYPE = 'parley-page';

/**
 * Signed, read-only grants that let a browser read one conversation (or an app's conversation
 * list) without the app's secret or an access token: HS256 JWTs like access tokens, but signed
 * with a key of their own, so a grant is never accepted where an access token is required, and
 * an access token is never taken for a grant. A grant cannot be revoked one by one; deleting the
 * conversation makes its grants useless.
 */
export class PageGrants {
  readonly #key: Buffer;

  /**
   * `key` is the server key's grant key (`ServerKey.grantKey`), so links survive restarts and are
   * valid on every node given the same server key, and the store holds nothing that signs them.
   */
  constructor(key: Buffer) {
    this.#key = key;
  }

  /** Signs `grant`; its `expiresAt` is replaced by `now + lifetimeSeconds` (0: never expires). */
  issue(
    grant: Omit<PageGrant, 'expiresAt'>,
    lifetimeSeconds: number,
    nowSeconds = Date.now() / 1000,
  ): string {
    const iat = Math.floor(nowSeconds);
    return signJwt(
      {
        sub: grant.appId,
        iat,
        exp: lifetimeSeconds === 0 ? NEVER : iat + lifetimeSeconds,
        typ: GRANT_TYPE,
        x: grant.experience,
        ...(grant.conversationId === undefined ? {} : { cid: grant.conversationId }),
        ...(grant.connectionId === undefined ? {} : { conn: grant.connectionId }),
        ...(grant.includeCallScore ? { cs: true } : {}),
        ...(Object.keys(grant.look).length === 0 ? {} : { look: grant.look }),
      },
      this.#key,
    );
  }

  /** Checks the signature first, then the expiry, so a forged link never reads as merely expired. */
  check(token: string, nowSeconds = Date.now() / 1000): GrantCheck {
    const claims = verifyJwt(token, this.#key, Number.NEGATIVE_INFINITY);
    if (claims === undefined || claims.typ !== GRANT_TYPE || typeof claims.x !== 'string') {
      return { kind: 'invalid' };
    }
    if (claims.exp <= nowSeconds) return { kind: 'expired', expiredAt: claims.exp };
    const { cid, conn, cs, look } = claims;
    return {
      kind: 'valid',
      grant: {
        appId: claims.sub,
        experience: claims.x,
        includeCallScore: cs === true,
        look: isLook(look) ? look : {},
        ...(typeof cid === 'string' ? { conversationId: cid } : {}),
        ...(typeof conn === 'string' ? { connectionId: conn } : {}),
        ...(claims.exp === NEVER ? {} : { expiresAt: claims.exp }),
      },
    };
  }

  /** Whether `grant` opens conversation `conversationId` of its app. */
  static opens(grant: PageGrant, conversationId: string | undefined): boolean {
    return grant.conversationId === undefined || grant.conversationId === conversationId;
  }
}

function isLook(value: unknown): value is PageLook {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((field) => typeof field === 'string')
  );
}
