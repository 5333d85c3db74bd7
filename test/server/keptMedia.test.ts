import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import {
  call,
  startTestServer,
  type TestServer,
  tempDataDir,
  waitForEmptyDir,
  waitForJob,
} from './support/testServer.ts';

// Two short cuts of the sample meeting: the first turn, and the second (for an append).
const files = tempDataDir();
let first: Buffer;
let second: Buffer;

beforeAll(async () => {
  const fixture = await synthesizeConversation('sample-meeting');
  const cut = (from: number, to: number, name: string) => {
    const path = join(files.dir, name);
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      fixture.mixWav,
      '-ss',
      String(from),
      '-to',
      String(to),
      path,
    ]);
    return readFileSync(path);
  };
  const turns = fixture.turns;
  first = cut(0, (turns[0]?.end ?? 3.5) + 0.3, 'first.wav');
  second = cut(turns[1]?.start ?? 4, (turns[1]?.end ?? 8) + 0.3, 'second.wav');
}, 120_000);
afterAll(() => files.remove());

async function submit(t: TestServer, body: Buffer, query: string, conversationId?: string) {
  const path =
    conversationId === undefined
      ? `/v1/process/audio?${query}`
      : `/v1/process/audio/${conversationId}?${query}`;
  const response = await call(t.url, conversationId === undefined ? 'POST' : 'PUT', path, {
    token: t.token,
    body,
    headers: { 'content-type': 'audio/wav' },
  });
  expect(response.status).toBe(201);
  expect(await waitForJob(t.url, t.token, response.body.jobId, 60_000)).toBe('completed');
  return response.body as { conversationId: string; jobId: string };
}

const mediaFiles = (t: TestServer) =>
  existsSync(join(t.dataDir, 'media')) ? readdirSync(join(t.dataDir, 'media')) : [];

describe('keeping the recording after the job', () => {
  it('discards it by default, and keeps it when the request asks', async () => {
    const t = await startTestServer();
    try {
      const dropped = await submit(t, first, 'name=a');
      expect(
        (await call(t.url, 'GET', `/v1/conversations/${dropped.conversationId}/media`, { token: t.token }))
          .body,
      ).toEqual({ media: [] });
      expect(await waitForEmptyDir(join(t.dataDir, 'media'))).toEqual([]);

      const kept = await submit(t, first, 'name=b&keepMedia=true');
      const listed = await call(t.url, 'GET', `/v1/conversations/${kept.conversationId}/media`, {
        token: t.token,
      });
      expect(listed.body.media).toEqual([
        {
          jobId: kept.jobId,
          bytes: first.length,
          media: 'audio',
          contentType: 'audio/wav',
          playable: true,
          offsetSeconds: 0,
          url: `/v1/conversations/${kept.conversationId}/media/${kept.jobId}`,
        },
      ]);
      expect(mediaFiles(t)).toHaveLength(1);
      // Deleting the conversation deletes its recording.
      await call(t.url, 'DELETE', `/v1/conversations/${kept.conversationId}`, { token: t.token });
      expect(mediaFiles(t)).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it('keeps it by the server default unless the request says no', async () => {
    const t = await startTestServer({ keepMedia: true });
    try {
      const kept = await submit(t, first, 'name=a');
      const declined = await submit(t, first, 'name=b&keepMedia=false');
      const count = async (id: string) =>
        (await call(t.url, 'GET', `/v1/conversations/${id}/media`, { token: t.token })).body.media.length;
      expect(await count(kept.conversationId)).toBe(1);
      expect(await count(declined.conversationId)).toBe(0);
    } finally {
      await t.stop();
    }
  });
});

describe('GET …/media/{jobId}', () => {
  let t: TestServer;
  let conversationId: string;
  let jobIds: string[];
  let firstJobEnd: number;

  beforeAll(async () => {
    t = await startTestServer({ keepMedia: true });
    const created = await submit(t, first, 'name=ranges');
    const { messages } = (
      await call(t.url, 'GET', `/v1/conversations/${created.conversationId}/messages`, { token: t.token })
    ).body;
    firstJobEnd = Math.max(
      ...messages.map((m: { timeOffset: number; duration: number }) => m.timeOffset + m.duration),
    );
    const appended = await submit(t, second, '', created.conversationId);
    conversationId = created.conversationId;
    jobIds = [created.jobId, appended.jobId];
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const fetchMedia = async (jobId: string, headers: Record<string, string> = {}, query = '') => {
    const response = await request(`${t.url}/v1/conversations/${conversationId}/media/${jobId}${query}`, {
      headers: { authorization: `Bearer ${t.token}`, ...headers },
    });
    return {
      status: response.statusCode,
      headers: response.headers,
      body: Buffer.from(await response.body.arrayBuffer()),
    };
  };

  it('places an appended recording where the conversation had ended', async () => {
    const { media } = (
      await call(t.url, 'GET', `/v1/conversations/${conversationId}/media`, { token: t.token })
    ).body;
    expect(media.map((m: { jobId: string }) => m.jobId)).toEqual(jobIds);
    expect(media[0].offsetSeconds).toBe(0);
    expect(media[1].offsetSeconds).toBeGreaterThan(0);
    expect(media[1].offsetSeconds).toBeCloseTo(firstJobEnd, 1);
  });

  it('serves the whole file, byte ranges and 416 past the end', async () => {
    const whole = await fetchMedia(jobIds[0]!);
    expect(whole.status).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.body.equals(first)).toBe(true);
    const part = await fetchMedia(jobIds[0]!, { range: 'bytes=100-1099' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1099/${first.length}`);
    expect(part.body.equals(first.subarray(100, 1100))).toBe(true);
    const tail = await fetchMedia(jobIds[0]!, { range: 'bytes=-10' });
    expect(tail.body.equals(first.subarray(first.length - 10))).toBe(true);
    const past = await fetchMedia(jobIds[0]!, { range: `bytes=${first.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${first.length}`);
    expect((await fetchMedia('no-such-job')).status).toBe(404);
  });

  it('opens to the conversation’s page grant in the query string (a media element sends no headers)', async () => {
    const experience = await call(t.url, 'POST', `/v1/conversations/${conversationId}/experiences`, {
      token: t.token,
      json: { name: 'verbose-text-summary' },
    });
    const grant = new URL(experience.body.url).searchParams.get('grant')!;
    const response = await request(
      `${t.url}/v1/conversations/${conversationId}/media/${jobIds[1]}?access_token=${grant}`,
      {
        headers: { range: 'bytes=0-3' },
      },
    );
    expect(response.statusCode).toBe(206);
    expect(Buffer.from(await response.body.arrayBuffer()).toString('latin1')).toBe('RIFF');
    const anonymous = await request(`${t.url}/v1/conversations/${conversationId}/media/${jobIds[1]}`);
    await anonymous.body.dump();
    expect(anonymous.statusCode).toBe(401);
  });
});
