/*
 * Authentication that holds under load: the token endpoint does the same work for unknown and
 * known app ids (compared statistically, within noise), throttles a client's failures, does not
 * stall other routes when flooded, revokes old tokens when the secret changes; every app has a
 * request rate limit; every answer and log line carries its request id. The signing keys are not
 * in the store.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../src/server/auth/secretHash.ts';
import { createServer as createParley } from '../../../src/server/createServer.ts';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import { silentLogger } from '../../../src/server/Logger.ts';
import { type CapturedLine, capturingLogger } from '../support/capturingLogger.ts';
import { call, startTestServer, type TestServer, tempDataDir, tokenFor } from '../support/testServer.ts';

let api: TestServer;
let lines: CapturedLine[];
let client = 0;
/** A new client address for each call (the server trusts X-Forwarded-For here), so no throttle applies. */
const freshClient = () => ({
  'x-forwarded-for': `198.51.100.${(client++ % 250) + 1}, 10.0.0.${client % 250}`,
});

beforeAll(async () => {
  const captured = capturingLogger();
  lines = captured.lines;
  // No app rate limit here: the stall test's sequential requests alone can pass 2000 in 10 s on a
  // quiet machine. The limit has a test of its own, on a server of its own.
  api = await startTestServer({
    logger: captured.logger,
    trustProxy: true,
    rateLimit: { requests: 0, windowSeconds: 10 },
  });
});
afterAll(() => api.stop());

async function timedTokenRequest(appId: string, appSecret: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await call(api.url, 'POST', '/oauth2/token:generate', {
    json: { type: 'application', appId, appSecret },
    headers: freshClient(),
  });
  return { ms: performance.now() - started, status: response.status };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('the token endpoint', () => {
  it('takes as long for an unknown app id as for a known one with a wrong secret (within noise)', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so machine load drifts over both samples alike.
    for (let i = 0; i < 16; i++) {
      const a = await timedTokenRequest(api.appId, 'f'.repeat(128));
      const b = await timedTokenRequest('0'.repeat(64), 'f'.repeat(128));
      expect([a.status, b.status]).toEqual([401, 401]);
      known.push(a.ms);
      unknown.push(b.ms);
    }
    const ratio = median(known) / median(unknown);
    // Before: 35 ms against 1 ms (ratio 35). The same scrypt now runs for both.
    expect(
      ratio,
      `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`,
    ).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('throttles a client after ten failures (429 with Retry-After), yet still serves credentials it knows', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 13; i++) {
      last = await call(api.url, 'POST', '/oauth2/token:generate', {
        json: { type: 'application', appId: api.appId, appSecret: 'e'.repeat(128) },
        headers,
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429, 429]);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.body.message).toMatch(/Too many failed token requests/);
    const good = await call(api.url, 'POST', '/oauth2/token:generate', {
      json: { type: 'application', appId: api.appId, appSecret: api.appSecret },
      headers,
    });
    expect(good.status).toBe(200);
  });

  it('does not stall other routes while flooded with bad secrets from many clients', async () => {
    const cheap = async () => {
      const started = performance.now();
      const response = await call(api.url, 'GET', '/v1/job/00000000-0000-0000-0000-000000000000', {
        token: api.token,
      });
      expect(response.status).toBe(404);
      return performance.now() - started;
    };
    const before: number[] = [];
    for (let i = 0; i < 30; i++) before.push(await cheap());
    let flooding = true;
    const flood = Array.from({ length: 40 }, async () => {
      const statuses: number[] = [];
      while (flooding) statuses.push((await timedTokenRequest(`${client}`.padStart(64, '1'), 'bad')).status);
      return statuses;
    });
    const during: number[] = [];
    const end = performance.now() + 2000;
    while (performance.now() < end) during.push(await cheap());
    flooding = false;
    const statuses = (await Promise.all(flood)).flat();
    expect(statuses.length).toBeGreaterThan(40);
    expect(new Set(statuses)).toEqual(new Set(statuses.filter((s) => s === 401 || s === 429)));
    // scrypt runs off the event loop: a request is not held behind the flood's hashing. (Before,
    // forty bad secrets stalled every route by up to 137 ms each.)
    const slack = median(before) * 5 + 50;
    expect(
      median(during),
      `before ${median(before).toFixed(1)} ms, during ${median(during).toFixed(1)} ms`,
    ).toBeLessThan(slack);
  });
});

describe('secret rotation', () => {
  it('revokes the old secret and every token issued under it', async () => {
    const data = tempDataDir();
    const appId = 'd'.repeat(64);
    const start = (appSecret: string) =>
      createParley({
        dataDir: data.dir,
        env: { PARLEY_APP_ID: appId, PARLEY_APP_SECRET: appSecret },
        logger: silentLogger,
        runner: conversationJobRunner(),
      });
    const first = await start('1'.repeat(128));
    const oldToken = await tokenFor(first.url, appId, '1'.repeat(128));
    expect((await call(first.url, 'GET', '/v1/conversations', { token: oldToken })).status).toBe(200);
    await first.close();
    // The same secret again changes nothing: its tokens survive a restart.
    const same = await start('1'.repeat(128));
    expect((await call(same.url, 'GET', '/v1/conversations', { token: oldToken })).status).toBe(200);
    await same.close();
    const rotated = await start('2'.repeat(128));
    try {
      expect((await call(rotated.url, 'GET', '/v1/conversations', { token: oldToken })).status).toBe(401);
      const refused = await call(rotated.url, 'POST', '/oauth2/token:generate', {
        json: { type: 'application', appId, appSecret: '1'.repeat(128) },
      });
      expect(refused.status).toBe(401);
      const newToken = await tokenFor(rotated.url, appId, '2'.repeat(128));
      expect(newToken).not.toBe(oldToken);
      expect((await call(rotated.url, 'GET', '/v1/conversations', { token: newToken })).status).toBe(200);
    } finally {
      await rotated.close();
      data.remove();
    }
  });

  it('keeps no signing key in the store: the server key is a file only its owner reads', async () => {
    const db = new Database(join(api.dataDir, 'parley.sqlite'), { readonly: true });
    try {
      const settings = db.prepare('SELECT key FROM settings').all() as { key: string }[];
      expect(settings.map((s) => s.key)).not.toContain('auth.jwtHs256Key');
      expect(settings.map((s) => s.key)).not.toContain('pages.grantHs256Key');
      const app = db.prepare('SELECT webhook_key FROM apps').get() as { webhook_key: string };
      expect(app.webhook_key).toMatch(/^v1\./);
    } finally {
      db.close();
    }
    expect(statSync(join(api.dataDir, 'server.key')).mode & 0o777).toBe(0o600);
  });
});

describe('per-app rate limits', () => {
  it('counts requests per app, says so in RateLimit headers, and answers 429 with Retry-After past the limit', async () => {
    const limited = await startTestServer({ rateLimit: { requests: 5, windowSeconds: 60 } });
    try {
      const remaining: string[] = [];
      for (let i = 0; i < 5; i++) {
        const ok = await call(limited.url, 'GET', '/v1/conversations', { token: limited.token });
        expect(ok.status).toBe(200);
        expect(ok.headers['ratelimit-policy']).toBe('"app";q=5;w=60');
        remaining.push(String(ok.headers.ratelimit).split(';')[1]!);
      }
      expect(remaining).toEqual(['r=4', 'r=3', 'r=2', 'r=1', 'r=0']);
      const refused = await call(limited.url, 'GET', '/v1/conversations', { token: limited.token });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body.statusCode).toBe(429);
      // Another app has its own count.
      await limited.server.store.putApp({
        appId: 'other',
        secretHash: hashSecret('other-secret'),
        createdAt: new Date().toISOString(),
      });
      const other = await tokenFor(limited.url, 'other', 'other-secret');
      expect((await call(limited.url, 'GET', '/v1/conversations', { token: other })).status).toBe(200);
      // The count is in the store, where every node sharing it sees it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const windowStart = Math.floor(Date.now() / 60_000) * 60_000;
      expect(await limited.server.store.countRequests(limited.appId, windowStart, 0)).toBe(5);
    } finally {
      await limited.stop();
    }
  });
});

describe('request ids', () => {
  it('answers every request with X-Request-Id (the client’s own when usable) and logs it with the app', async () => {
    const mine = await call(api.url, 'GET', '/v1/conversations', {
      token: api.token,
      headers: { 'x-request-id': 'client-chosen.42' },
    });
    expect(mine.headers['x-request-id']).toBe('client-chosen.42');
    const odd = await call(api.url, 'GET', '/v1/conversations', {
      token: api.token,
      headers: { 'x-request-id': 'not ok\u00e9'.repeat(3) },
    });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    for (const [path, status] of [
      ['/nowhere', 404],
      ['/v1/conversations', 401],
    ] as const) {
      const response = await call(api.url, 'GET', path);
      expect(response.status).toBe(status);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const logged = lines.find((l) => l.event === 'http.request' && l.requestId === 'client-chosen.42');
    expect(logged).toMatchObject({ appId: api.appId, status: 200, path: '/v1/conversations' });
  });
});
