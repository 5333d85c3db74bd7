/*
 * Requests the server makes for callers go only where they should (media URLs, webhooks, SIP
 * targets): every spelling of loopback is refused, a public-looking name or redirect that leads
 * inside is refused, and the answers do not tell a closed port from a 404 or a JSON page. The
 * "internet" here is 127.0.0.2, which the policy is told to take for public (its test seam); every
 * other loopback address is what it is.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundPolicy } from '../../../src/server/outbound/OutboundPolicy.ts';
import { type CapturedLine, capturingLogger } from '../support/capturingLogger.ts';
import { LOOPBACK_FORMS } from '../support/loopbackForms.ts';
import { call, startTestServer, type TestServer } from '../support/testServer.ts';
import { toneWav } from '../support/wavFile.ts';

let target: Server;
let port: number;
const hits: string[] = [];
let api: TestServer;
let lines: CapturedLine[];

beforeAll(async () => {
  const wav = toneWav(1);
  target = createServer((req, res) => {
    hits.push(`${req.socket.localAddress} ${req.url}`);
    if (req.url === '/meeting.wav') {
      res.writeHead(200, { 'content-type': 'audio/wav' });
      res.end(wav);
    } else if (req.url === '/to-loopback') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/meeting.wav` });
      res.end();
    } else if (req.url === '/to-mapped') {
      res.writeHead(307, { location: `http://[::ffff:127.0.0.1]:${port}/meeting.wav` });
      res.end();
    } else if (req.url === '/internal.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"secret":"internal"}');
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => target.listen(0, '0.0.0.0', resolve));
  port = (target.address() as AddressInfo).port;
  const captured = capturingLogger();
  lines = captured.lines;
  api = await startTestServer({
    logger: captured.logger,
    outbound: new OutboundPolicy({
      resolve: async (name) => [
        { address: name === 'media.example.com' ? '127.0.0.2' : '127.0.0.1', family: 4 },
      ],
      alsoPublic: (ip) => ip === '127.0.0.2',
    }),
    webhooks: { retryDelaysMs: [20, 20], pollMs: 20 },
  });
});
afterAll(async () => {
  await api.stop();
  target.close();
});

const submitUrl = (url: string) =>
  call(api.url, 'POST', '/v1/process/audio/url', { token: api.token, json: { url } });

describe('media URLs', () => {
  it('fetches from a public host (the control)', async () => {
    const ok = await submitUrl(`http://media.example.com:${port}/meeting.wav`);
    expect(ok.status).toBe(201);
    expect(hits).toContain(`127.0.0.2 /meeting.wav`);
  });

  it('refuses every loopback form with one generic 400, and sends nothing there', async () => {
    const before = hits.length;
    const bodies = new Set<string>();
    for (const host of [...LOOPBACK_FORMS, 'evil.example.com']) {
      const refused = await submitUrl(`http://${host}:${port}/meeting.wav`);
      expect(refused.status, host).toBe(400);
      bodies.add(JSON.stringify(refused.body));
    }
    expect(bodies.size).toBe(1);
    expect(hits.slice(before)).toEqual([]);
  });

  it('refuses a public URL that redirects inside, at the redirect', async () => {
    const before = hits.length;
    for (const path of ['/to-loopback', '/to-mapped']) {
      const refused = await submitUrl(`http://media.example.com:${port}${path}`);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/^url: the media at this URL could not be fetched/);
    }
    // The public hop was asked; the loopback target never was.
    expect(hits.slice(before)).toEqual(['127.0.0.2 /to-loopback', '127.0.0.2 /to-mapped']);
  });

  it('answers a closed port, a 404, a JSON page and a refused address the same way (no port scanning)', async () => {
    const answers = await Promise.all(
      [
        `http://media.example.com:1/meeting.wav`,
        `http://media.example.com:${port}/missing.wav`,
        `http://media.example.com:${port}/internal.json`,
        `http://127.0.0.1:${port}/internal.json`,
      ].map(submitUrl),
    );
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    // What it was is in the server's log, with the request and the app.
    const reasons = lines.filter((l) => l.event === 'media.fetch_refused');
    expect(reasons.map((l) => String(l.reason)).join('\n')).toMatch(/ECONNREFUSED|connect/);
    expect(reasons.map((l) => String(l.reason)).join('\n')).toMatch(/HTTP 404/);
    expect(reasons.map((l) => String(l.reason)).join('\n')).toMatch(/127\.0\.0\.1 is loopback/);
    expect(reasons.every((l) => typeof l.requestId === 'string' && l.appId === api.appId)).toBe(true);
  });
});

describe('webhooks', () => {
  it('refuses a webhookUrl at a loopback address at submit', async () => {
    for (const host of ['127.0.0.1', '2130706433', '[::1]', '0.0.0.0', '[::ffff:127.0.0.1]']) {
      const refused = await call(api.url, 'POST', '/v1/process/text', {
        token: api.token,
        json: { messages: [{ payload: { content: 'Hello.' } }], webhookUrl: `http://${host}:${port}/hook` },
      });
      expect(refused.status, host).toBe(400);
      expect(refused.body.message).toContain('webhookUrl');
    }
  });

  it('never delivers to a name that resolves inside: each attempt is refused, then given up', async () => {
    const before = hits.length;
    const submit = await call(api.url, 'POST', '/v1/process/text', {
      token: api.token,
      json: { messages: [{ payload: { content: 'Hello.' } }], webhookUrl: `http://localhost:${port}/hook` },
    });
    expect(submit.status).toBe(201);
    const deadline = Date.now() + 20_000;
    let deliveries = await api.server.store.listWebhookDeliveries(api.appId, submit.body.jobId);
    while (deliveries.some((d) => d.state === 'pending') || deliveries.length < 3) {
      if (Date.now() > deadline) throw new Error(`deliveries still pending: ${JSON.stringify(deliveries)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      deliveries = await api.server.store.listWebhookDeliveries(api.appId, submit.body.jobId);
    }
    expect(deliveries.map((d) => [d.payload.status, d.state, d.attempts])).toEqual([
      ['scheduled', 'failed', 3],
      ['in_progress', 'failed', 3],
      ['completed', 'failed', 3],
    ]);
    expect(deliveries[0]?.lastError).toMatch(/127\.0\.0\.1 is loopback/);
    expect(hits.slice(before).filter((h) => h.includes('/hook'))).toEqual([]);
  });
});

describe('SIP targets', () => {
  it('refuses a SIP URI at any loopback spelling before dialling', async () => {
    for (const host of [
      '127.0.0.1',
      'localhost',
      '2130706433',
      '0x7f.1',
      '[::1]',
      '0.0.0.0',
      'evil.example.com',
    ]) {
      const refused = await call(api.url, 'POST', '/v1/endpoint:connect', {
        token: api.token,
        json: { operation: 'start', endpoint: { type: 'sip', uri: `sip:alice@${host}:5060` } },
      });
      expect(refused.status, host).toBe(400);
      expect(refused.body.message).toContain(
        'endpoint.uri: must name a public SIP host this server may call',
      );
    }
  });
});
