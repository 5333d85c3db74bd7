import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageGrants } from '../../../src/server/auth/PageGrants.ts';
import { ServerKey } from '../../../src/server/auth/ServerKey.ts';
import { TokenService } from '../../../src/server/auth/TokenService.ts';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import { tempDataDir } from '../support/testServer.ts';

const data = tempDataDir();
let store: SqliteStore;
let grants: PageGrants;

beforeAll(async () => {
  store = SqliteStore.open(data.dir);
  grants = new PageGrants(ServerKey.load(data.dir, {}).grantKey);
});
afterAll(async () => {
  await store.close();
  data.remove();
});

const base = { appId: 'app-1', experience: 'verbose-text-summary', includeCallScore: true, look: {} };

describe('PageGrants', () => {
  it('round-trips what a grant opens and how the page looks, until it expires', () => {
    const look = { logo: 'https://example.com/logo.png', background: '#112233', fontFamily: 'roboto' };
    const token = grants.issue({ ...base, conversationId: '123', connectionId: 'conn-1', look }, 60, 1_000);
    expect(grants.check(token, 1_030)).toEqual({
      kind: 'valid',
      grant: { ...base, conversationId: '123', connectionId: 'conn-1', look, expiresAt: 1_060 },
    });
    expect(grants.check(token, 1_060)).toEqual({ kind: 'expired', expiredAt: 1_060 });
  });

  it('makes grants that never expire when the lifetime is 0', () => {
    const token = grants.issue({ ...base, conversationId: '1' }, 0, 1_000);
    const checked = grants.check(token, 4_000_000_000);
    expect(checked.kind).toBe('valid');
    expect(checked.kind === 'valid' && checked.grant.expiresAt).toBeUndefined();
  });

  it('calls any altered token invalid, never merely expired', () => {
    const token = grants.issue({ ...base, conversationId: '1' }, 1, 1_000);
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...'AQgw09-_.'.split('')),
        (index, char) => {
          fc.pre(token[index] !== char);
          const altered = token.slice(0, index) + char + token.slice(index + 1);
          const checked = grants.check(altered, 5_000);
          // Base64url's last character may carry unused bits; a change there can decode identically.
          if (checked.kind !== 'invalid') expect(checked.kind).toBe('expired');
          if (checked.kind === 'expired') expect(index).toBeGreaterThan(token.lastIndexOf('.'));
        },
      ),
    );
    expect(grants.check('', 0)).toEqual({ kind: 'invalid' });
    expect(grants.check('a.b.c', 0)).toEqual({ kind: 'invalid' });
  });

  it('is not an access token, and an access token is not a grant (separate keys)', async () => {
    const tokens = new TokenService(store, ServerKey.load(data.dir, {}));
    const grant = grants.issue({ ...base, conversationId: '1' }, 60);
    await expect(tokens.authenticate({ authorization: `Bearer ${grant}` })).rejects.toMatchObject({
      status: 401,
    });
    expect(grants.check(tokens.internalToken('app-1')).kind).toBe('invalid');
  });

  it('derives its key from the server key, so a restarted server accepts earlier links', async () => {
    const token = grants.issue({ ...base }, 60);
    const again = new PageGrants(ServerKey.load(data.dir, {}).grantKey);
    expect(again.check(token).kind).toBe('valid');
  });

  it('opens only its own conversation, or every one of its app when it names none', () => {
    expect(PageGrants.opens({ ...base, conversationId: '1' }, '1')).toBe(true);
    expect(PageGrants.opens({ ...base, conversationId: '1' }, '2')).toBe(false);
    expect(PageGrants.opens({ ...base }, '2')).toBe(true);
  });
});
