import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims Parley puts in its access tokens. */
export interface TokenClaims {
  /** The app the token was issued to. */
  sub: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * Signs HS256 JWTs. The payload is padded with a whitespace claim until its base64url form has
 * no `-` or `_`, because the web SDK decodes it with the browser's `atob`.
 */
export function signJwt(claims: TokenClaims, key: Buffer): string {
  let payload = '';
  for (let pad = 0; pad < 64; pad++) {
    // The pad leads, so its length shifts the base64 alignment of every claim after it.
    payload = base64url(JSON.stringify({ ...(pad === 0 ? {} : { pad: ' '.repeat(pad) }), ...claims }));
    if (!/[-_]/.test(payload)) break;
  }
  const signature = createHmac('sha256', key).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

/** Verifies signature and expiry; undefined for anything that is not a valid, current token. */
export function verifyJwt(
  token: string,
  key: Buffer,
  nowSeconds = Date.now() / 1000,
): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  if (header !== HEADER) return undefined;
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { sub, exp, iat } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof exp !== 'number' || typeof iat !== 'number') return undefined;
  if (exp <= nowSeconds) return undefined;
  return claims as TokenClaims;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
