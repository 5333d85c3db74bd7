import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAccessTokenClaims, isBrowserDecodableToken } from '../../../src/model/auth.ts';
import { signJwt, verifyJwt } from '../../../src/server/auth/Jwt.ts';

const key = randomBytes(32);

describe('signJwt / verifyJwt', () => {
  it('issues tokens clients can decode (exp, atob-safe payload) and that verify until exp', () => {
    fc.assert(
      // Subjects are app ids (letters and digits); claims are Parley's own.
      fc.property(
        fc.stringMatching(/^[0-9A-Za-z]{1,64}$/),
        fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }),
        (sub, iat) => {
          const token = signJwt({ sub, iat, exp: iat + 86_400 }, key);
          expect(isBrowserDecodableToken(token)).toBe(true);
          expect(decodeAccessTokenClaims(token).exp).toBe(iat + 86_400);
          expect(JSON.parse(atob(token.split('.')[1]!)).sub).toBe(sub);
          expect(verifyJwt(token, key, iat + 1)?.sub).toBe(sub);
          expect(verifyJwt(token, key, iat + 86_400)).toBeUndefined();
        },
      ),
    );
  });

  it('rejects tokens signed with another key or altered anywhere', () => {
    const token = signJwt({ sub: 'app', iat: 1, exp: 4_000_000_000 }, key);
    expect(verifyJwt(token, randomBytes(32))).toBeUndefined();
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...'ABCxyz019-_.'.split('')),
        (index, char) => {
          fc.pre(token[index] !== char);
          const altered = token.slice(0, index) + char + token.slice(index + 1);
          const claims = verifyJwt(altered, key);
          // Base64url's last character may carry unused bits; a change there can decode identically.
          if (claims !== undefined)
            expect(Buffer.from(altered.split('.')[2] ?? '', 'base64url')).toEqual(
              Buffer.from(token.split('.')[2]!, 'base64url'),
            );
        },
      ),
    );
    expect(verifyJwt('not a token', key)).toBeUndefined();
  });
});
