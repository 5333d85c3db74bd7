/*
 * Job webhooks as a receiver sees them: signed (Standard Webhooks headers, HMAC-SHA256 keyed by a
 * key derived from the app secret), one id per delivery kept across retries, in order, retried
 * with backoff, and kept in the store so a restart delivers what was pending. The receiver runs on
 * loopback, so these servers allow private networks (the refusal has its own test in ssrf.test.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer as createParley, type RunningServer } from '../../../src/server/createServer.ts';
import { conversationJobRunner } from '../../../src/server/jobs/conversationJobRunner.ts';
import { silentLogger } from '../../../src/server/Logger.ts';
import { call, tempDataDir, tokenFor, waitForJob } from '../support/testServer.ts';

/** What the README tells a receiver to do, word for word. */
function verifyWebhook(appSecret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = createHmac('sha256', appSecret).update('parley webhook signing key').digest();
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return signatures.split(' ').some((signature) => {
    const [version, value] = signature.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

interface Received {
  id: string;
  valid: boolean;
  body: { jobId: string; status: string; conversationId: string };
  answered: number;
}

const APP = { PARLEY_APP_ID: 'a'.repeat(64), PARLEY_APP_SECRET: 'b'.repeat(128) };
let receiver: Server;
let hookUrl: string;
const received: Received[] = [];
/** Status the receiver answers with, per arrival. */
let answer: (n: number) => number = () => 200;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const status = answer(received.length);
      received.push({
        id: String(req.headers['webhook-id']),
        valid: verifyWebhook(APP.PARLEY_APP_SECRET, req.headers, raw),
        body: JSON.parse(raw),
        answered: status,
      });
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => receiver.close());

function start(dataDir: string): Promise<RunningServer> {
  return createParley({
    dataDir,
    env: APP,
    logger: silentLogger,
    pollMs: 20,
    runner: conversationJobRunner(),
    allowPrivateNetworks: true,
    webhooks: { retryDelaysMs: [30, 30, 30, 30, 30, 30], pollMs: 20 },
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('job webhooks', () => {
  it('delivers every status change signed, in order, retrying a refusal under the same id', async () => {
    const data = tempDataDir();
    received.length = 0;
    answer = (n) => (n === 0 ? 503 : 200);
    const server = await start(data.dir);
    try {
      const token = await tokenFor(server.url, APP.PARLEY_APP_ID, APP.PARLEY_APP_SECRET);
      const submit = await call(server.url, 'POST', '/v1/process/text', {
        token,
        json: { messages: [{ payload: { content: 'Hello there.' } }], webhookUrl: hookUrl },
      });
      const { jobId, conversationId } = submit.body;
      expect(await waitForJob(server.url, token, jobId)).toBe('completed');
      await until(() => received.filter((r) => r.answered === 200).length === 3, 'three deliveries');
      expect(received.map((r) => [r.body.status, r.answered])).toEqual([
        ['scheduled', 503],
        ['scheduled', 200],
        ['in_progress', 200],
        ['completed', 200],
      ]);
      expect(received.every((r) => r.valid)).toBe(true);
      expect(received.every((r) => r.body.jobId === jobId && r.body.conversationId === conversationId)).toBe(
        true,
      );
      // The retry is the same delivery; each status change is a delivery of its own.
      expect(received[1]?.id).toBe(received[0]?.id);
      expect(new Set(received.map((r) => r.id)).size).toBe(3);
      // A receiver with the wrong secret would refuse them.
      expect(verifyWebhook('c'.repeat(128), { 'webhook-id': 'x' }, '{}')).toBe(false);
    } finally {
      await server.close();
      data.remove();
    }
  });

  it('keeps undelivered webhooks across a restart and delivers them then', async () => {
    const data = tempDataDir();
    received.length = 0;
    answer = () => 503;
    const first = await start(data.dir);
    const token = await tokenFor(first.url, APP.PARLEY_APP_ID, APP.PARLEY_APP_SECRET);
    const submit = await call(first.url, 'POST', '/v1/process/text', {
      token,
      json: { messages: [{ payload: { content: 'Hello again.' } }], webhookUrl: hookUrl },
    });
    const { jobId } = submit.body;
    expect(await waitForJob(first.url, token, jobId)).toBe('completed');
    await until(() => received.length >= 2, 'two refused attempts');
    await first.close();
    const refusedIds = new Set(received.map((r) => r.id));
    expect(refusedIds.size).toBe(1);

    answer = () => 200;
    received.length = 0;
    const second = await start(data.dir);
    try {
      await until(() => received.length === 3, 'the three deliveries after the restart');
      expect(received.map((r) => r.body.status)).toEqual(['scheduled', 'in_progress', 'completed']);
      expect(received.every((r) => r.valid)).toBe(true);
      expect(refusedIds.has(received[0]!.id)).toBe(true);
      const stored = await second.store.listWebhookDeliveries(APP.PARLEY_APP_ID, jobId);
      expect(stored.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']);
    } finally {
      await second.close();
      data.remove();
    }
  });
});
