import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServerKey } from '../../../src/server/auth/ServerKey.ts';
import { hashSecret } from '../../../src/server/auth/secretHash.ts';
import { TokenService } from '../../../src/server/auth/TokenService.ts';
import { VerifiedTokens } from '../../../src/server/auth/VerifiedTokens.ts';
import { SqliteStore } from '../../../src/server/store/SqliteStore.ts';
import { tempDataDir } from '../support/testServer.ts';

const claims = (sub: string, exp: number) => ({ sub, iat: 0, exp });

describe('VerifiedTokens', () => {
  it('finds a remembered token by its exact text until it expires', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', claims('app', 100));
    expect(tokens.get('a.b.c', 99)).toEqual(claims('app', 100));
    expect(tokens.get('a.b.C', 99)).toBeUndefined();
    expect(tokens.get('a.b.c', 100)).toBeUndefined();
    // Gone once found expired, even for an earlier clock.
    expect(tokens.get('a.b.c', 50)).toBeUndefined();
  });

  it('starts over past its capacity', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('t1', claims('a', 100));
    tokens.remember('t2', claims('a', 100));
    tokens.remember('t3', claims('a', 100));
    expect(tokens.get('t1', 0)).toBeUndefined();
    expect(tokens.get('t2', 0)).toBeUndefined();
    expect(tokens.get('t3', 0)).toEqual(claims('a', 100));
  });
});

describe('TokenService with remembered tokens', () => {
  let data: ReturnType<typeof tempDataDir>;
  let store: SqliteStore;
  beforeEach(() => {
    data = tempDataDir();
    store = SqliteStore.open(data.dir);
  });
  afterEach(async () => {
    await store.close();
    data.remove();
  });

  it('refuses a token it verified before once the app secret changes, even on another node', async () => {
    await store.putApp({ appId: 'app', secretHash: hashSecret('one'), createdAt: new Date().toISOString() });
    const service = new TokenService(store, new ServerKey(randomBytes(32)));
    const { accessToken } = await service.generate('app', 'one', '127.0.0.1');
    expect(await service.appOf(accessToken)).toBe('app');
    expect(await service.appOf(accessToken)).toBe('app');
    // Another process sharing the store registers a new secret.
    await store.putApp({ appId: 'app', secretHash: hashSecret('two'), createdAt: new Date().toISOString() });
    expect(await service.appOf(accessToken)).toBeUndefined();
  });

  it('refuses a token signed with another key, and a tampered copy of one it verified', async () => {
    await store.putApp({ appId: 'app', secretHash: hashSecret('one'), createdAt: new Date().toISOString() });
    const service = new TokenService(store, new ServerKey(randomBytes(32)));
    const { accessToken } = await service.generate('app', 'one', '127.0.0.1');
    expect(await service.appOf(accessToken)).toBe('app');
    const other = new TokenService(store, new ServerKey(randomBytes(32)));
    expect(await other.appOf(accessToken)).toBeUndefined();
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(await service.appOf(`${header}.${payload}.${flipped}`)).toBeUndefined();
  });
});
