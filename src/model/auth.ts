import { z } from 'zod';
import { ValidationError } from '../errors/ValidationError.ts';
import { parse } from './parse.ts';

/*
 * Authentication: `POST /oauth2/token:generate` and the JWT it returns.
 *
 * The request is what a server judges: wrong types and missing fields are 400s. Unknown keys are
 * stripped rather than rejected, since no client sends any and rejecting them would gain nothing.
 * The response is loose: the Go SDK reads an unrelated `newbulaToken` field from the same object.
 */

/** The path of the token endpoint; the colon is literal, route it as a fixed string. */
export const TOKEN_PATH = '/oauth2/token:generate';

/** Seconds a fresh token lives (24 h). A re-issued cached token reports its remaining lifetime. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 86_400;

/** The JavaScript SDK refreshes this many seconds before `expiresIn` runs out. */
export const TOKEN_REFRESH_MARGIN_SECONDS = 300;

/** The JavaScript SDK regenerates before connecting when the token has this many seconds left or fewer. */
export const TOKEN_MIN_REMAINING_SECONDS = 60;

/**
 * `POST /oauth2/token:generate` body: `{ type: "application", appId, appSecret }`. `"application"`
 * is the only documented grant type, so any other is rejected. The credentials are checked for
 * presence only: a malformed appId is an unknown appId (401), not a bad request.
 */
export const TokenRequest = z.object({
  /** The grant type; only `"application"` exists. */
  type: z.literal('application', { error: 'type must be "application"' }),
  /** Application id issued by the platform. */
  appId: z.string().min(1, 'appId is required'),
  /** Application secret issued by the platform. */
  appSecret: z.string().min(1, 'appSecret is required'),
});
export type TokenRequest = z.infer<typeof TokenRequest>;

/**
 * `200` answer of the token endpoint: a JWT and the seconds it has left. While a token issued for
 * the same credentials is valid, servers return that token with its *remaining* lifetime, so
 * `expiresIn` below {@link DEFAULT_TOKEN_LIFETIME_SECONDS} is normal.
 */
export const TokenResponse = z.looseObject({
  /** Bearer token for every other call (a JWT whose payload has `exp`). */
  accessToken: z.string().min(1),
  /** Seconds until the token expires. */
  expiresIn: z.number().int().nonnegative(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/**
 * An appId as the web SDK enforces it before any request: exactly 64 characters of `[0-9a-z]`
 * (any case). A server that issues credentials must issue them in this shape.
 */
export const IssuedAppId = z.string().regex(/^[0-9a-zA-Z]{64}$/, 'appId must be 64 letters or digits');
export type IssuedAppId = z.infer<typeof IssuedAppId>;

/** An appSecret as the web SDK enforces it: exactly 128 characters of `[0-9a-z]` (any case). */
export const IssuedAppSecret = z
  .string()
  .regex(/^[0-9a-zA-Z]{128}$/, 'appSecret must be 128 letters or digits');
export type IssuedAppSecret = z.infer<typeof IssuedAppSecret>;

/**
 * The claims clients read from the token's payload. Only `exp` (seconds since the epoch) is relied
 * on; real tokens also carry `iss`, `sub`, `aud`, `iat` (= `exp` − 86400), `azp` and `gty`.
 */
export const AccessTokenClaims = z.looseObject({
  /** Expiry, in seconds since the epoch. Tokens without it are rejected by the JavaScript and web SDKs. */
  exp: z.number().int(),
  /** Issue time, in seconds since the epoch. */
  iat: z.number().int().optional(),
  /** Subject: the application the token was issued to. */
  sub: z.string().optional(),
  /** Grant type; `"client-credentials"` on Symbl's tokens. */
  gty: z.string().optional(),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaims>;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/;

/**
 * Reads the claims of a JWT as the JavaScript and web SDKs do (`token.split('.')[1]`, base64 JSON), or
 * throws a {@link ValidationError} when the token is not a JWT or has no integer `exp`.
 */
export function decodeAccessTokenClaims(token: string): AccessTokenClaims {
  const payload = JWT_SHAPE.exec(token)?.[1];
  if (payload === undefined) {
    throw new ValidationError('access token', [
      { path: '', message: 'not a JWT (three base64url segments)' },
    ]);
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('access token', [
      { path: '', message: 'the JWT payload is not base64url JSON' },
    ]);
  }
  return parse(AccessTokenClaims, claims, 'access token claims');
}

/**
 * Whether browsers can decode the token's payload: the web SDK uses `atob()`, which accepts only the
 * standard base64 alphabet, so the payload segment must contain neither `-` nor `_`. Parley's
 * server pads its claims until this holds.
 */
export function isBrowserDecodableToken(token: string): boolean {
  const payload = JWT_SHAPE.exec(token)?.[1];
  return payload !== undefined && !/[-_]/.test(payload);
}
