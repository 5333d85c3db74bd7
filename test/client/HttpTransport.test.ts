import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthenticationError } from '../../src/errors/AuthenticationError.ts';
import { ConnectionError } from '../../src/errors/ConnectionError.ts';
import { HttpError } from '../../src/errors/HttpError.ts';
import { NotFoundError } from '../../src/errors/NotFoundError.ts';
import { ProtocolError } from '../../src/errors/ProtocolError.ts';
import { RateLimitError } from '../../src/errors/RateLimitError.ts';
import { TimeoutError } from '../../src/errors/TimeoutError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { json, type ScriptedServer, startScriptedServer } from './scriptedServer.ts';

const Ok = z.looseObject({ ok: z.literal(true) });
let api: ScriptedServer;

beforeEach(async () => {
  api = await startScriptedServer();
});
afterEach(async () => {
  await api.close();
});

function get(client = api.client(), path = '/v1/thing') {
  return firstValueFrom(client.http.request({ method: 'GET', path }, Ok, 'thing'));
}

function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('HttpTransport against a misbehaving server', () => {
  it('retries 503s on reads and succeeds, with one token for all attempts', async () => {
    let calls = 0;
    api.script = (_, res) =>
      ++calls <= 2 ? json(res, 503, { message: 'busy' }) : json(res, 200, { ok: true });
    expect(await get()).toEqual({ ok: true });
    expect(api.seen).toHaveLength(3);
    expect(api.tokensIssued).toBe(1);
    expect(new Set(api.seen.map((r) => r.headers.authorization)).size).toBe(1);
    expect(api.seen[0]?.headers.authorization).toMatch(/^Bearer ey/);
  });

  it('gives up after maxRetries with a retryable HttpError carrying status and body', async () => {
    api.script = (_, res) => json(res, 502, { message: 'bad gateway' });
    const error = await failure(get(api.client({ retry: { maxRetries: 2, minDelayMs: 1, maxDelayMs: 2 } })));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 502,
      retryable: true,
      code: 'PARLEY_ERR_HTTP',
      body: { message: 'bad gateway' },
    });
    expect(api.seen).toHaveLength(3);
  });

  it('does not repeat a POST that failed with a 5xx (the job may exist), but repeats it after a 429', async () => {
    api.script = (_, res) => json(res, 500, { message: 'oops' });
    const client = api.client();
    const post = () =>
      firstValueFrom(
        client.http.request({ method: 'POST', path: '/v1/process/text', json: {} }, Ok, 'submit'),
      );
    expect(await failure(post())).toBeInstanceOf(HttpError);
    expect(api.seen).toHaveLength(1);
    let calls = 0;
    api.script = (_, res) =>
      ++calls === 1
        ? json(res, 429, { statusCode: 429, message: 'too many jobs' }, { 'retry-after': '0' })
        : json(res, 200, { ok: true });
    expect(await post()).toEqual({ ok: true });
    expect(api.seen).toHaveLength(3);
  });

  it('stops at a Retry-After longer than the policy allows, reporting it on the RateLimitError', async () => {
    api.script = (_, res) =>
      json(res, 429, { statusCode: 429, message: 'slow down' }, { 'retry-after': '120' });
    const error = await failure(get());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 120_000 });
    expect(api.seen).toHaveLength(1);
  });

  it('maps 404, 401 and 400-with-issues to their typed errors without retrying', async () => {
    api.script = (_, res) => json(res, 404, { message: 'no such conversation' });
    const notFound = await failure(get());
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as Error).message).toMatch(/GET \/v1\/thing answered 404.*no such conversation/);
    api.script = (_, res) =>
      json(res, 400, { message: 'Invalid', issues: [{ path: 'messages[0].payload', message: 'required' }] });
    const invalid = await failure(get());
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).issues).toEqual([
      { path: 'messages[0].payload', message: 'required' },
    ]);
    expect(api.seen).toHaveLength(2);
  });

  it('fetches a new token once when the server rejects the cached one', async () => {
    api.script = (_, res) =>
      api.seen.length === 1
        ? json(res, 401, { message: 'Token validation failed for provided token.' })
        : json(res, 200, { ok: true });
    expect(await get()).toEqual({ ok: true });
    expect(api.tokensIssued).toBe(2);
    expect(api.seen[1]?.headers.authorization).not.toBe(api.seen[0]?.headers.authorization);
    // A server that keeps refusing gets one refresh, then the caller sees the 401.
    api.script = (_, res) => json(res, 401, { message: 'Token validation failed for provided token.' });
    expect(await failure(get())).toBeInstanceOf(AuthenticationError);
  });

  it('turns a server that never answers into a TimeoutError', async () => {
    api.script = () => {};
    const error = await failure(
      get(api.client({ timeoutMs: 150, retry: { maxRetries: 1, minDelayMs: 1, maxDelayMs: 1 } })),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(api.seen).toHaveLength(2);
  });

  it('aborts the request when the subscriber unsubscribes', async () => {
    api.script = () => {};
    const client = api.client();
    const subscription = client.http.request({ method: 'GET', path: '/v1/slow' }, Ok, 'slow').subscribe();
    await until(() => api.seen.length === 1);
    subscription.unsubscribe();
    await until(() => api.seen[0]?.aborted === true);
    expect(api.seen[0]?.aborted).toBe(true);
  });

  it('reports a refused connection as a retryable ConnectionError', async () => {
    const client = api.client({ baseUrl: 'http://127.0.0.1:9', retry: { maxRetries: 0 } });
    const error = await failure(get(client));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).retryable).toBe(true);
  });

  it('refuses a 2xx body that breaks the contract with a ProtocolError naming the field', async () => {
    api.script = (_, res) => json(res, 200, { ok: 'yes' });
    const error = await failure(
      lastValueFrom(api.client().http.request({ method: 'GET', path: '/x' }, Ok, 'thing')),
    );
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/ok/);
  });

  it('sends nothing until subscribed, and once per subscription', async () => {
    api.script = (_, res) => json(res, 200, { ok: true });
    const request = api.client().http.request({ method: 'GET', path: '/x' }, Ok, 'thing');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.seen).toHaveLength(0);
    await firstValueFrom(request);
    await firstValueFrom(request);
    expect(api.seen).toHaveLength(2);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('HttpTransport.lease', () => {
  it('hands out the base URL and the cached token for other transports', async () => {
    const client = api.client();
    const lease = await client.http.lease();
    expect(lease.baseUrl).toBe(api.url);
    expect(lease.accessToken).toMatch(/^ey/);
    lease.release();
    api.script = (_, res) => json(res, 200, { ok: true });
    await get(client);
    expect(api.seen[0]?.headers.authorization).toBe(`Bearer ${lease.accessToken}`);
    expect(api.tokensIssued).toBe(1);
  });
});
