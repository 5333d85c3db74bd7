import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/errors/RateLimitError.ts';
import { SipError } from '../../src/errors/SipError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { startSip } from '../../src/telephony/startSip.ts';
import { stop } from '../../src/telephony/stop.ts';
import { json, type ScriptedServer, startScriptedServer } from '../client/scriptedServer.ts';

let api: ScriptedServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const stopped = { connectionId: 'c-1', conversationId: '42' };
const fast = { minDelayMs: 5, maxDelayMs: 20 };

describe('the telephony client on the HttpTransport', () => {
  it('retries a 429 after its Retry-After, with the token of each request as a Bearer token', async () => {
    let calls = 0;
    api = await startScriptedServer((_, res) =>
      ++calls === 1
        ? json(res, 429, { message: 'Too many requests' }, { 'retry-after': '0' })
        : json(res, 201, stopped),
    );
    let asked = 0;
    const result = await lastValueFrom(
      stop('c-1', { baseUrl: `${api.url}/`, token: () => `tok-${++asked}`, retry: fast }),
    );
    expect(result).toEqual(stopped);
    expect(api.seen.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual([
      'POST /v1/endpoint:connect Bearer tok-1',
      'POST /v1/endpoint:connect Bearer tok-2',
    ]);
    expect(JSON.parse(api.seen[0]?.body.toString() ?? '')).toEqual({
      operation: 'stop',
      connectionId: 'c-1',
    });
  });

  it('errors with a retryable RateLimitError once retries are spent', async () => {
    api = await startScriptedServer((_, res) =>
      json(res, 429, { message: 'Too many requests' }, { 'retry-after': '2' }),
    );
    const error = await lastValueFrom(
      stop('c-1', { baseUrl: api.url, token: 't', retry: { maxRetries: 0 } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryable).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
  });

  it('turns a start the far end refused into a SipError with its status, and does not repeat the start', async () => {
    api = await startScriptedServer((_, res) =>
      json(res, 500, { message: 'The call was not connected: 486 Busy Here', sipStatus: 486 }),
    );
    const error = await lastValueFrom(
      startSip({ uri: 'sip:8021@pbx.example.com' }, { baseUrl: api.url, token: 't', retry: fast }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipError);
    expect((error as SipError).sipStatus).toBe(486);
    expect(api.seen).toHaveLength(1);
  });

  it('aborts the request on unsubscribe, and refuses a base URL it cannot use in the error channel', async () => {
    api = await startScriptedServer(() => undefined);
    const subscription = stop('c-1', { baseUrl: api.url, token: 't' }).subscribe({ error: () => undefined });
    while (api.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    subscription.unsubscribe();
    const seen = api.seen[0];
    while (!seen?.aborted) await new Promise((r) => setTimeout(r, 5));
    const bad = await lastValueFrom(stop('c-1', { baseUrl: 'ftp://h', token: 't' })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues[0]?.path).toBe('baseUrl');
  });
});
