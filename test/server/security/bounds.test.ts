/*
 * Work is refused before it is done, and reads are bounded: at the job limit an upload is refused
 * before its body is read and a URL before it is fetched; uploads at once are capped; an over-long
 * message and oversized metadata are 400s at submit; a request with too much header gets a 431
 * with the error body; a long message list is written in pages (chunked) with the same answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../../src/server/jobs/JobRunner.ts';
import { call, startTestServer, type TestServer, waitForEmptyDir } from '../support/testServer.ts';
import { toneWav } from '../support/wavFile.ts';

/** A job that runs until the server stops it: keeps the app's one job slot taken. */
const endless: JobRunner = {
  run: (_work, signal) =>
    new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
};

let server: TestServer;
let files: Server;
let fileHits = 0;

beforeAll(async () => {
  server = await startTestServer({
    runner: endless,
    jobGraceMs: 0,
    allowPrivateNetworks: true,
    limits: { activeJobsPerApp: 1, uploadsPerApp: 1, metadataKeys: 10, metadataBytes: 1024 },
  });
  files = createServer((_req, res) => {
    fileHits += 1;
    res.end(toneWav(1));
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await server.stop();
  files.close();
});

/** A body that yields `chunkBytes` every 20 ms, counting what it produced, until `stop()`. */
function slowBody(chunkBytes = 64 * 1024) {
  let produced = 0;
  let running = true;
  const body = Readable.from(
    (async function* () {
      yield toneWav(0);
      while (running) {
        produced += chunkBytes;
        yield Buffer.alloc(chunkBytes);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })(),
  );
  return { body, produced: () => produced, stop: () => (running = false) };
}

describe('refusing before working', () => {
  it('refuses an upload at the job limit before reading it, and a URL before fetching it', async () => {
    const first = await call(server.url, 'POST', '/v1/process/text', {
      token: server.token,
      json: { messages: [{ payload: { content: 'Keeps the one job slot.' } }] },
    });
    expect(first.status).toBe(201);
    const declared = 50 * 1024 * 1024;
    const upload = slowBody();
    const refused = await request(`${server.url}/v1/process/audio`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-length': String(declared) },
      body: upload.body,
    }).catch((error: unknown) => error);
    upload.stop();
    // The answer came while the client had sent a small part of the 50 MB it announced.
    expect(refused).toMatchObject({ statusCode: 429 });
    expect(upload.produced()).toBeLessThan(declared / 10);
    expect(await waitForEmptyDir(`${server.dataDir}/media`)).toEqual([]);
    const url = await call(server.url, 'POST', '/v1/process/audio/url', {
      token: server.token,
      json: { url: `http://127.0.0.1:${(files.address() as AddressInfo).port}/a.wav` },
    });
    expect(url.status).toBe(429);
    expect(url.body.message).toMatch(/concurrent jobs/);
    expect(fileHits).toBe(0);
  });

  it('caps the media an app sends at once (429), counting it before the job limit', async () => {
    const other = await startTestServer({ runner: endless, jobGraceMs: 0, limits: { uploadsPerApp: 1 } });
    try {
      const upload = slowBody();
      const pending = request(`${other.url}/v1/process/audio`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.token}` },
        body: upload.body,
      }).catch(() => undefined);
      while (upload.produced() < 256 * 1024) await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await call(other.url, 'POST', '/v1/process/audio', {
        token: other.token,
        body: toneWav(1),
      });
      expect(second.status).toBe(429);
      expect(second.body.message).toMatch(/Too many uploads at once/);
      upload.stop();
      await pending;
    } finally {
      await other.stop();
    }
  });
});

describe('caps on what a submission may hold', () => {
  it('refuses an over-long message at submit with a 400 naming it', async () => {
    const long = await call(server.url, 'POST', '/v1/process/text', {
      token: server.token,
      json: { messages: [{ payload: { content: 'ok' } }, { payload: { content: 'x'.repeat(100_001) } }] },
    });
    expect(long.status).toBe(400);
    expect(long.body.message).toContain('messages[1].payload.content: is 100001 characters; at most 100000');
  });

  it('refuses metadata over the key and size caps, at submit and on update', async () => {
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    const big = { notes: 'n'.repeat(2000) };
    for (const metadata of [many, big]) {
      const submit = await call(server.url, 'POST', '/v1/process/text', {
        token: server.token,
        json: { messages: [{ payload: { content: 'Hi.' } }], metadata },
      });
      expect(submit.status).toBe(400);
      expect(submit.body.message).toMatch(/metadata: (has 11 keys|is \d+ bytes)/);
    }
    const conversations = await call(server.url, 'GET', '/v1/conversations', { token: server.token });
    const id = conversations.body.conversations[0].id;
    const update = await call(server.url, 'PUT', `/v1/conversations/${id}`, {
      token: server.token,
      json: { metadata: many },
    });
    expect(update.status).toBe(400);
  });

  it('answers headers over the limit with 431 and the error body', async () => {
    const raw = await new Promise<string>((resolve) => {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`GET /v1/conversations HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('close', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
      message: 'The request headers are larger than the server accepts (16 KB in all).',
    });
  });
});

describe('bounded reads', () => {
  it('writes a long message list in pages, chunked, with the same answer as one body', async () => {
    const record = {
      id: 'long-conversation',
      appId: server.appId,
      type: 'meeting',
      name: 'Long',
      members: [],
      metadata: {},
      createdAt: new Date().toISOString(),
    };
    const at = (s: number) => new Date(Date.UTC(2024, 0, 1) + s * 1000).toISOString();
    const messages = Array.from({ length: 2_400 }, (_, i) => ({
      id: `m${i}`,
      text: `Message ${i}.`,
      from: { id: 'u1', name: 'Ana' },
      startTime: at(i),
      endTime: at(i + 1),
      conversationId: 'long-conversation',
      phrases: [],
      words: [{ word: 'Message', startTime: at(i), endTime: at(i + 1) }],
    }));
    for (let i = 0; i < messages.length; i += 300)
      await server.server.store.appendLiveMessages(record, messages.slice(i, i + 300), 'live:long');
    const response = await request(`${server.url}/v1/conversations/long-conversation/messages`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['content-length']).toBeUndefined();
    const body = (await response.body.json()) as { messages: Array<{ id: string; words?: unknown }> };
    expect(body.messages.map((m) => m.id)).toEqual(messages.map((m) => m.id));
    expect(body.messages.every((m) => m.words === undefined)).toBe(true);
    const verbose = await call(
      server.url,
      'GET',
      '/v1/conversations/long-conversation/messages?verbose=true',
      {
        token: server.token,
      },
    );
    expect(verbose.body.messages[2399].words).toHaveLength(1);
    // A short list is one body with its length.
    const short = await request(`${server.url}/v1/conversations`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(short.headers['content-length']).toBeDefined();
    await short.body.dump();
  });
});
