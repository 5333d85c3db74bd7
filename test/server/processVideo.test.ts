import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { MessagesResponse } from '../../src/model/messages.ts';
import { MP4_VIDEO_ARGS, transcode } from '../engine/asr/speechFixture.ts';
import { call, startTestServer, type TestServer, waitForEmptyDir, waitForJob } from './support/testServer.ts';

let api: TestServer;
let limited: TestServer;
let mp4: Buffer;
let wav: Buffer;
let adts: Buffer;
let fixture: Awaited<ReturnType<typeof synthesizeConversation>>;
let videoConversationId: string;

beforeAll(async () => {
  fixture = await synthesizeConversation('sample-meeting');
  wav = readFileSync(fixture.mixWav);
  mp4 = readFileSync(transcode(fixture.mixWav, '.mp4', MP4_VIDEO_ARGS));
  // Raw AAC (ADTS) states no duration: only decoding tells how long it is.
  adts = readFileSync(transcode(fixture.mixWav, '.aac', ['-c:a', 'aac', '-f', 'adts']));
  api = await startTestServer();
  limited = await startTestServer({ limits: { maxMediaSeconds: 5 } });
}, 60_000);

afterAll(async () => {
  await api?.stop();
  await limited?.stop();
});

describe('video and the audio length limit', () => {
  it('transcribes an MP4 with a video track into the spoken words, with word timings', async () => {
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const submit = await call(
      api.url,
      'POST',
      '/v1/process/video?enableSpeakerDiarization=true&diarizationSpeakerCount=2',
      {
        token: api.token,
        body: mp4,
        headers: { 'content-type': 'video/mp4' },
      },
    );
    expect(submit.status).toBe(201);
    expect(await waitForJob(api.url, api.token, submit.body.jobId, 120_000)).toBe('completed');
    const response = await call(
      api.url,
      'GET',
      `/v1/conversations/${submit.body.conversationId}/messages?verbose=true`,
      {
        token: api.token,
      },
    );
    const { messages } = MessagesResponse.parse(response.body);
    const text = messages
      .map((m) => m.text)
      .join(' ')
      .toLowerCase();
    expect(text).toContain('payment page');
    expect(text).toContain('launch');
    const words = messages.flatMap((m) => m.words ?? []);
    expect(words.length).toBeGreaterThan(30);
    for (const word of words) expect(word.score).toBeGreaterThan(0);
    videoConversationId = submit.body.conversationId;
    const members = await call(api.url, 'GET', `/v1/conversations/${submit.body.conversationId}/members`, {
      token: api.token,
    });
    expect(members.body.members).toHaveLength(2);
  }, 150_000);

  it('re-attributes the recognised messages to the real speakers from a speaker timeline', async () => {
    const speakers = new Map(fixture.script.speakers.map((s) => [s.id, s]));
    const offset = (seconds: number) => ({
      seconds: Math.floor(seconds),
      nanos: Math.round((seconds % 1) * 1e9),
    });
    const speakerEvents = fixture.turns.flatMap((turn) => {
      const { name, email } = speakers.get(turn.speaker)!;
      const user = { id: turn.speaker, name, email };
      return [
        { type: 'started_speaking', user, offset: offset(turn.start) },
        { type: 'stopped_speaking', user, offset: offset(turn.end) },
      ];
    });
    const put = await call(api.url, 'PUT', `/v1/conversations/${videoConversationId}/speakers`, {
      token: api.token,
      json: { speakerEvents },
    });
    expect(put.status).toBe(200);
    const members = await call(api.url, 'GET', `/v1/conversations/${videoConversationId}/members`, {
      token: api.token,
    });
    expect(members.body.members.map((m: { name: string }) => m.name).sort()).toEqual([
      'David Brown',
      'Sarah Miller',
    ]);
    const { messages } = MessagesResponse.parse(
      (await call(api.url, 'GET', `/v1/conversations/${videoConversationId}/messages`, { token: api.token }))
        .body,
    );
    const start = Date.parse(messages[0]!.startTime) - (messages[0]!.timeOffset ?? 0) * 1000;
    const truth = (m: (typeof messages)[number]) => {
      const middle = (Date.parse(m.startTime) + Date.parse(m.endTime)) / 2 / 1000 - start / 1000;
      const turn = fixture.turns.find((t) => t.start - 0.5 <= middle && middle <= t.end + 0.5);
      return turn === undefined ? undefined : speakers.get(turn.speaker)!.name;
    };
    const judged = messages.filter((m) => truth(m) !== undefined);
    const right = judged.filter((m) => m.from.name === truth(m));
    expect(judged.length).toBeGreaterThan(5);
    expect(right.length / judged.length).toBeGreaterThan(0.9);
    const analytics = await call(api.url, 'GET', `/v1/conversations/${videoConversationId}/analytics`, {
      token: api.token,
    });
    expect(analytics.body.members.map((m: { name: string }) => m.name).sort()).toEqual([
      'David Brown',
      'Sarah Miller',
    ]);
  });

  it('refuses media whose container states more than the limit with a 413 naming it, scheduling nothing', async () => {
    const response = await call(limited.url, 'POST', '/v1/process/audio', {
      token: limited.token,
      body: wav,
    });
    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/long; more than the limit of 0:00:05 \(5 s\)/);
    expect(response.body.code).toBe('PARLEY_ERR_PAYLOAD_TOO_LARGE');
    const conversations = await call(limited.url, 'GET', '/v1/conversations', { token: limited.token });
    expect(conversations.body.conversations).toEqual([]);
    expect(readdirSync(join(limited.dataDir, 'media'))).toEqual([]);
  });

  it('fails the job with the limit as its reason when only decoding tells the length', async () => {
    const submit = await call(limited.url, 'POST', '/v1/process/audio', { token: limited.token, body: adts });
    expect(submit.status).toBe(201);
    expect(await waitForJob(limited.url, limited.token, submit.body.jobId, 30_000)).toBe('failed');
    const job = await call(limited.url, 'GET', `/v1/job/${submit.body.jobId}`, { token: limited.token });
    expect(job.body.error).toMatch(/longer than the limit of 0:00:05 \(5 s\)/);
    expect(await waitForEmptyDir(join(limited.dataDir, 'media'))).toEqual([]);
  });
});
