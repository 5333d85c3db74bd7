import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../src/client/TokenCache.ts';
import { AuthenticationError } from '../../src/errors/AuthenticationError.ts';
import { jwt } from './scriptedServer.ts';

const app = { appId: 'a'.repeat(64), appSecret: 's'.repeat(128) };

/** A token source on a hand-driven clock, counting what it issued. */
function source(lifetimeSeconds: number) {
  const clock = { now: 1_700_000_000_000 };
  let issued = 0;
  const cache = new TokenCache(
    app,
    async () => {
      issued++;
      return {
        accessToken: jwt(Math.floor(clock.now / 1000) + lifetimeSeconds, `t${issued}`),
        expiresIn: lifetimeSeconds,
      };
    },
    () => clock.now,
  );
  return { cache, clock, issued: () => issued };
}

describe('TokenCache', () => {
  it('reuses a token until five minutes before it expires, then fetches a new one', async () => {
    const { cache, clock, issued } = source(86_400);
    const first = await cache.token();
    clock.now += (86_400 - 301) * 1000;
    expect(await cache.token()).toBe(first);
    expect(issued()).toBe(1);
    clock.now += 2000;
    expect(await cache.token()).not.toBe(first);
    expect(issued()).toBe(2);
  });

  it('refreshes short-lived tokens at half their life', async () => {
    const { cache, clock, issued } = source(60);
    const first = await cache.token();
    clock.now += 29_000;
    expect(await cache.token()).toBe(first);
    clock.now += 2_000;
    await cache.token();
    expect(issued()).toBe(2);
  });

  it('shares one fetch between concurrent callers, and forgets a token a server refused', async () => {
    const { cache, issued } = source(3600);
    const tokens = await Promise.all([cache.token(), cache.token(), cache.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(issued()).toBe(1);
    cache.invalidate(tokens[0]!);
    expect(await cache.token()).not.toBe(tokens[0]);
    expect(issued()).toBe(2);
  });

  it('uses a given access token as is, and refuses it once its JWT has expired', async () => {
    const now = Date.now();
    const valid = jwt(Math.floor(now / 1000) + 60);
    expect(
      await new TokenCache({ accessToken: valid }, async () => Promise.reject(new Error('unused'))).token(),
    ).toBe(valid);
    expect(
      await new TokenCache({ accessToken: 'opaque-token' }, async () =>
        Promise.reject(new Error('unused')),
      ).token(),
    ).toBe('opaque-token');
    const expired = new TokenCache({ accessToken: jwt(Math.floor(now / 1000) - 1) }, async () =>
      Promise.reject(new Error('unused')),
    );
    await expect(expired.token()).rejects.toBeInstanceOf(AuthenticationError);
    expect(expired.canRefresh).toBe(false);
  });
});
