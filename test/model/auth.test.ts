import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import {
  AccessTokenClaims,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  decodeAccessTokenClaims,
  IssuedAppId,
  IssuedAppSecret,
  isBrowserDecodableToken,
  TokenRequest,
  TokenResponse,
} from '../../src/model/auth.ts';
import { ErrorBody, TOKEN_VALIDATION_FAILED_MESSAGE } from '../../src/model/errorBody.ts';
import { parse } from '../../src/model/parse.ts';
import { expectJsonRoundTrip, expectMutationsNamed } from '../support/schemaProperties.ts';
import { specExamples } from '../support/specExamples.ts';
import { arbitraryFor } from '../support/zodArbitrary.ts';

/** Which schema each ```json example of auth.md is an instance of, in order. */
const EXAMPLE_SCHEMAS: [string, z.ZodType][] = [
  ['2. Generate a token', TokenRequest],
  ['2. Generate a token', TokenResponse],
  ['5. Errors', ErrorBody],
];

const jwt = (claims: object, header = { alg: 'RS256', typ: 'JWT' }) =>
  [header, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2ln';

describe('auth.md examples', () => {
  const examples = specExamples('auth.md');

  it('has exactly the examples mapped here', () => {
    expect(examples).toHaveLength(3);
    expect(examples.map((e) => e.heading)).toEqual(EXAMPLE_SCHEMAS.map(([heading]) => heading));
  });

  it.each(EXAMPLE_SCHEMAS.map(([heading, schema], index) => ({ heading, schema, index })))(
    'example $index ($heading) parses',
    ({ schema, index }) => {
      const example = examples[index]!;
      expect(parse(schema, example.value, `auth.md:${example.line}`)).toMatchObject(example.value as object);
    },
  );

  it('the 401 example is the documented message', () => {
    expect(examples[2]!.value).toEqual({ message: TOKEN_VALIDATION_FAILED_MESSAGE });
  });
});

describe('TokenRequest', () => {
  const valid = { type: 'application', appId: 'a'.repeat(64), appSecret: 'b'.repeat(128) };

  it('rejects other grant types, missing and mistyped credentials, naming the field', () => {
    expect(() => parse(TokenRequest, { ...valid, type: 'password' }, 'token request')).toThrow(
      /type: type must be "application"/,
    );
    expect(() => parse(TokenRequest, { type: 'application', appId: 'x' }, 'token request')).toThrow(
      /appSecret/,
    );
    expect(() => parse(TokenRequest, { ...valid, appId: '' }, 'token request')).toThrow(
      /appId: appId is required/,
    );
    expect(() => parse(TokenRequest, { ...valid, appSecret: 42 }, 'token request')).toThrow(/appSecret/);
    expect(() => parse(TokenRequest, 'not an object', 'token request')).toThrow(ValidationError);
  });

  it('does not judge credential format (an odd appId is unknown, a 401, not a 400)', () => {
    expect(parse(TokenRequest, { ...valid, appId: 'short', extra: true }, 'token request')).toEqual({
      ...valid,
      appId: 'short',
    });
  });

  it('survives a JSON round trip', () => expectJsonRoundTrip(TokenRequest, 'token request'));
  it('names the broken field', () => expectMutationsNamed(TokenRequest, 'token request'));
});

describe('TokenResponse', () => {
  it('keeps extra fields (the Go SDK reads newbulaToken) and takes a remaining lifetime', () => {
    const body = { accessToken: 'x.y.z', expiresIn: 76254, newbulaToken: 'n' };
    expect(parse(TokenResponse, body, 'token')).toEqual(body);
    expect(76254).toBeLessThan(DEFAULT_TOKEN_LIFETIME_SECONDS);
  });

  it('rejects fractional, negative and string lifetimes', () => {
    for (const expiresIn of [1.5, -1, '86400']) {
      expect(() => parse(TokenResponse, { accessToken: 't', expiresIn }, 'token')).toThrow(/expiresIn/);
    }
  });

  it('survives a JSON round trip', () => expectJsonRoundTrip(TokenResponse, 'token'));
  it('names the broken field', () => expectMutationsNamed(TokenResponse, 'token'));
});

describe('issued credential formats', () => {
  it('are 64 and 128 letters or digits, any case', () => {
    expect(IssuedAppId.safeParse('A1'.repeat(32)).success).toBe(true);
    expect(IssuedAppId.safeParse('a'.repeat(63)).success).toBe(false);
    expect(IssuedAppId.safeParse(`${'a'.repeat(63)}-`).success).toBe(false);
    expect(IssuedAppSecret.safeParse('z9'.repeat(64)).success).toBe(true);
    expect(IssuedAppSecret.safeParse('z9'.repeat(63)).success).toBe(false);
  });

  it("generated ids and secrets satisfy the web SDK's check", () => {
    fc.assert(
      fc.property(arbitraryFor(IssuedAppId), arbitraryFor(IssuedAppSecret), (id, secret) => {
        expect(id).toMatch(/^[0-9a-z]{64}$/i);
        expect(secret).toMatch(/^[0-9a-z]{128}$/i);
      }),
      { numRuns: 20 },
    );
  });
});

describe('access token claims', () => {
  it('decodes the spec example token', () => {
    const example = specExamples('auth.md')[1]!.value as { accessToken: string };
    expect(decodeAccessTokenClaims(example.accessToken)).toEqual({ iat: 1700000000, exp: 1700086400 });
  });

  it('keeps every claim and requires an integer exp', () => {
    const claims = { iss: 'parley', sub: 'app', aud: ['a'], iat: 10, exp: 86410, gty: 'client-credentials' };
    expect(decodeAccessTokenClaims(jwt(claims))).toEqual(claims);
    expect(() => decodeAccessTokenClaims(jwt({ iat: 1 }))).toThrow(/exp/);
    expect(() => decodeAccessTokenClaims(jwt({ exp: '1' }))).toThrow(/exp/);
  });

  it('rejects tokens that are not JWTs with a ValidationError', () => {
    for (const token of ['', 'opaque-token', 'a.b', 'a.@@.c', 'a.bm90IGpzb24.c']) {
      expect(() => decodeAccessTokenClaims(token)).toThrow(ValidationError);
    }
  });

  it('tells whether browsers (atob) can decode the payload', () => {
    // `{"exp":1700000000,"n":"??>"}` encodes with `_` / `-` in base64url; padding removes them.
    const awkward = jwt({ exp: 1700000000, n: '??>' });
    expect(awkward.split('.')[1]).toMatch(/[-_]/);
    expect(isBrowserDecodableToken(awkward)).toBe(false);
    expect(isBrowserDecodableToken(jwt({ exp: 1700000000 }))).toBe(true);
    expect(isBrowserDecodableToken('opaque')).toBe(false);
  });

  it('claims survive a JSON round trip', () => expectJsonRoundTrip(AccessTokenClaims, 'claims'));
});
