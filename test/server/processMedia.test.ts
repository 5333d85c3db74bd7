import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { WorkerJobRunner } from '../../src/server/jobs/WorkerJobRunner.ts';
import {
  call,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitForEmptyDir,
  waitForJob,
} from './support/testServer.ts';

// Generous bounds: two recognitions share 2 cores with the rest of the suite (about 25 s alone,
// over 100 s on a loaded machine).
const DIARIZE = 'enableSpeakerDiarization=true&diarizationSpeakerCount=2';

let api: TestServer;
let threaded: TestServer;
let wav: Buffer;
let mp3: Buffer;
let files: Server;
let filesUrl: string;
const scratch = tempDataDir();

beforeAll(async () => {
  const fixture = await synthesizeConversation('sample-meeting');
  wav = readFileSync(fixture.mixWav);
  const mp3Path = join(scratch.dir, 'sample-meeting.mp3');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', fixture.mixWav, '-b:a', '64k', mp3Path]);
  mp3 = readFileSync(mp3Path);
  // The media files are served on loopback: these servers may fetch from private addresses.
  api = await startTestServer({ allowPrivateNetworks: true });
  // The production runner (jobs on worker threads, which start the recogniser's own pool) for
  // the URL test, so the threaded media path runs end to end too.
  threaded = await startTestServer({ runner: new WorkerJobRunner(), allowPrivateNetworks: true });
  // A plain file server on loopback: the URL endpoints fetch from it.
  files = createHttpServer((req, res) => {
    if (req.url === '/meeting.wav') {
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length });
      res.end(wav);
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/meeting.wav' });
      res.end();
    } else if (req.url === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>not audio at all, just a web page</body></html>');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await threaded?.stop();
  await new Promise<void>((resolve) => (files ? files.close(() => resolve()) : resolve()));
  scratch.remove();
});

async function transcript(
  { url, token }: TestServer,
  conversationId: string,
): Promise<{ text: string; members: unknown[] }> {
  const messages = await call(url, 'GET', `/v1/conversations/${conversationId}/messages`, { token });
  const members = await call(url, 'GET', `/v1/conversations/${conversationId}/members`, { token });
  expect(messages.status).toBe(200);
  expect(members.status).toBe(200);
  const text = (messages.body.messages as Array<{ text: string }>).map((m) => m.text).join(' ');
  return { text: text.toLowerCase(), members: members.body.members };
}

describe('audio and video submissions', () => {
  it('transcribes a WAV and an MP3 upload into messages with two diarized members', async () => {
    const [fromWav, fromMp3] = await Promise.all([
      call(api.url, 'POST', `/v1/process/audio?name=Launch%20review&${DIARIZE}`, {
        token: api.token,
        body: wav,
        headers: { 'content-type': 'audio/wav' },
      }),
      // No Content-Type: the container is told from the bytes.
      call(api.url, 'POST', `/v1/process/audio?${DIARIZE}`, { token: api.token, body: mp3 }),
    ]);
    expect(fromWav.status).toBe(201);
    expect(fromMp3.status).toBe(201);
    const statuses = await Promise.all(
      [fromWav, fromMp3].map((r) => waitForJob(api.url, api.token, r.body.jobId, 150_000)),
    );
    expect(statuses).toEqual(['completed', 'completed']);
    for (const response of [fromWav, fromMp3]) {
      const { text, members } = await transcript(api, response.body.conversationId);
      expect(text).toContain('payment page');
      expect(members).toHaveLength(2);
    }
    const conversation = await call(api.url, 'GET', `/v1/conversations/${fromWav.body.conversationId}`, {
      token: api.token,
    });
    expect(conversation.body.name).toBe('Launch review');
    // Stored media is deleted once its job is done.
    expect(await waitForEmptyDir(join(api.dataDir, 'media'))).toEqual([]);
  }, 180_000);

  it('refuses garbage and empty bodies with a clear 400 and schedules no job', async () => {
    for (const media of ['audio', 'video']) {
      const garbage = await call(api.url, 'POST', `/v1/process/${media}`, {
        token: api.token,
        body: Buffer.from('this is plain text pretending to be an mp3 file, '.repeat(4)),
        headers: { 'content-type': 'audio/mpeg' },
      });
      expect(garbage.status).toBe(400);
      expect(garbage.body.message).toMatch(/not audio/i);
      const empty = await call(api.url, 'POST', `/v1/process/${media}`, { token: api.token, body: '' });
      expect(empty.status).toBe(400);
      expect(empty.body.message).toMatch(/empty/i);
    }
    const noise = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37 + 11) % 256));
    const random = await call(api.url, 'POST', '/v1/process/audio', { token: api.token, body: noise });
    expect(random.status).toBe(400);
  });

  it('answers 413 in the error shape for a body over the media limit', async () => {
    const small = await startTestServer({ limits: { mediaBodyBytes: 4096 } });
    try {
      const declared = await call(small.url, 'POST', '/v1/process/audio', { token: small.token, body: wav });
      expect(declared.status).toBe(413);
      expect(declared.body.message).toMatch(/limit of 4096 bytes/);
      // Chunked (no Content-Length): the limit is enforced while streaming to disk.
      const chunked = await fetch(`${small.url}/v1/process/audio`, {
        method: 'POST',
        headers: { authorization: `Bearer ${small.token}` },
        body: new Blob([wav]).stream(),
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(((await chunked.json()) as { message: string }).message).toMatch(/limit/);
      expect(readdirSync(join(small.dataDir, 'media'))).toEqual([]);
    } finally {
      await small.stop();
    }
  });

  it('fetches a URL submission, following a redirect, and appends it to the conversation', async () => {
    const created = await call(threaded.url, 'POST', '/v1/process/text', {
      token: threaded.token,
      json: {
        messages: [{ payload: { content: 'Let us start the launch review.' }, from: { name: 'Host' } }],
      },
    });
    expect(created.status).toBe(201);
    const { conversationId } = created.body;
    // The first job on the worker threads waits for them to load the engine (slow on a busy machine).
    expect(await waitForJob(threaded.url, threaded.token, created.body.jobId, 60_000)).toBe('completed');
    const appended = await call(threaded.url, 'PUT', `/v1/process/audio/url/${conversationId}`, {
      token: threaded.token,
      json: { url: `${filesUrl}/moved`, enableSpeakerDiarization: 'true', diarizationSpeakerCount: '2' },
    });
    expect(appended.status).toBe(201);
    expect(appended.body.conversationId).toBe(conversationId);
    expect(await waitForJob(threaded.url, threaded.token, appended.body.jobId, 120_000)).toBe('completed');
    const { text, members } = await transcript(threaded, conversationId);
    expect(text).toMatch(/^let us start the launch review/);
    expect(text).toContain('payment page');
    expect(members).toHaveLength(3);
  }, 180_000);

  it('refuses unreachable and non-media URLs with one 400 that does not tell them apart', async () => {
    const page = await call(api.url, 'POST', '/v1/process/video/url', {
      token: api.token,
      json: { url: `${filesUrl}/page.html` },
    });
    expect(page.status).toBe(400);
    expect(page.body.message).toMatch(/^url: the media at this URL could not be fetched/);
    const missing = await call(api.url, 'POST', '/v1/process/audio/url', {
      token: api.token,
      json: { url: `${filesUrl}/nothing.wav` },
    });
    const closed = await call(api.url, 'POST', '/v1/process/audio/url', {
      token: api.token,
      json: { url: 'http://127.0.0.1:1/meeting.wav' },
    });
    // A page, a 404 and a closed port read the same: the endpoint is no port scanner.
    expect([missing.status, closed.status]).toEqual([400, 400]);
    expect(missing.body).toEqual(page.body);
    expect(closed.body).toEqual(page.body);
    const noUrl = await call(api.url, 'POST', '/v1/process/audio/url', { token: api.token, json: {} });
    expect(noUrl.status).toBe(400);
  });
});
