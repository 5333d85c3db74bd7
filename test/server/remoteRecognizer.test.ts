import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecognitionSettings } from '../../src/engine/asr/RecognitionSettings.ts';
import { RecognizerWorkerPool } from '../../src/engine/asr/RecognizerWorkerPool.ts';
import { pcmToWav } from '../../src/engine/audio/pcmToWav.ts';
import { conversationJobRunner } from '../../src/server/jobs/conversationJobRunner.ts';
import { startTranscriptionServer, type TranscriptionServer } from '../support/transcriptionServer.ts';
import { type Frame, kind, LiveTestClient, meetingClip, system, words } from './streaming/liveTestClient.ts';
import { call, startTestServer, type TestServer, waitForJob } from './support/testServer.ts';

const pool = new RecognizerWorkerPool(2);
let whisper: TranscriptionServer;
let remote: TestServer;
let plain: TestServer;
let clip: Awaited<ReturnType<typeof meetingClip>>;
let wav: Buffer;

/** A server whose jobs and live sessions may use the loopback transcription server. */
function serverWith(recognition: RecognitionSettings): Promise<TestServer> {
  return startTestServer({ recognition, runner: conversationJobRunner({ recognition }) });
}

beforeAll(async () => {
  whisper = await startTranscriptionServer({ pool });
  clip = await meetingClip(3);
  wav = Buffer.from(pcmToWav(clip.pcm, 16000));
  remote = await serverWith({
    remote: { url: `${whisper.url}/v1`, model: 'ggml-base.en', chunks: { minSeconds: 2 } },
  });
  plain = await serverWith({});
}, 120_000);

afterAll(async () => {
  await remote?.stop();
  await plain?.stop();
  await whisper?.close();
  await pool.close();
});

async function submit(server: TestServer, query: string): Promise<{ status: number; body: Frame }> {
  return call(server.url, 'POST', `/v1/process/audio?${query}`, {
    token: server.token,
    body: wav,
    headers: { 'content-type': 'audio/wav' },
  });
}

async function messageText(server: TestServer, conversationId: string): Promise<string> {
  const messages = await call(server.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
    token: server.token,
  });
  return (messages.body.messages as Array<{ text: string }>).map((m) => m.text).join(' ');
}

describe('a server configured with a remote transcription server', () => {
  it('recognises jobs there by default, and with pocketsphinx when the job asks', async () => {
    const before = whisper.received.length;
    const viaRemote = await submit(remote, 'enableSpeakerDiarization=true&diarizationSpeakerCount=2');
    expect(viaRemote.status).toBe(201);
    expect(await waitForJob(remote.url, remote.token, viaRemote.body.jobId, 150_000)).toBe('completed');
    const sent = whisper.received.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]?.fields.model).toEqual(['ggml-base.en']);
    const heard = words(await messageText(remote, viaRemote.body.conversationId));
    const spoken = new Set(words(clip.texts.join(' ')));
    expect(heard.filter((w) => spoken.has(w)).length / heard.length).toBeGreaterThan(0.6);
    const members = await call(
      remote.url,
      'GET',
      `/v1/conversations/${viaRemote.body.conversationId}/members`,
      {
        token: remote.token,
      },
    );
    expect(members.body.members).toHaveLength(2);

    const requests = whisper.received.length;
    const local = await submit(remote, 'recognizer=pocketsphinx');
    expect(await waitForJob(remote.url, remote.token, local.body.jobId, 150_000)).toBe('completed');
    expect(whisper.received.length).toBe(requests);
    expect(words(await messageText(remote, local.body.conversationId)).length).toBeGreaterThan(5);
  }, 300_000);

  it('streams a live session through it: finals become messages, stored as sent', async () => {
    const client = await LiveTestClient.open(
      `${remote.url.replace('http', 'ws')}/v1/streaming/remote-${process.pid}?access_token=${remote.token}`,
    );
    client.send({
      type: 'start_request',
      insightTypes: ['question', 'action_item'],
      config: { speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
      speaker: { userId: 'sam@example.com', name: 'Sam' },
    });
    await client.next(system('recognition_started'));
    const conversationId = client.frames[1].message.data.conversationId as string;
    const before = whisper.received.length;
    client.sendPcm(clip.pcm);
    client.send({ type: 'stop_request' });
    expect(await client.closed).toBe(1000);
    expect(client.frames.map(kind).slice(-2)).toEqual([
      'message/conversation_completed',
      'message/recognition_stopped',
    ]);
    expect(whisper.received.length).toBeGreaterThan(before);
    const messages = client.all((f) => f.type === 'message_response').flatMap((f) => f.messages);
    const heard = words(messages.map((m: Frame) => m.payload.content).join(' '));
    const spoken = new Set(words(clip.texts.join(' ')));
    expect(heard.length).toBeGreaterThan(5);
    expect(heard.filter((w) => spoken.has(w)).length / heard.length).toBeGreaterThan(0.6);
    expect(words(await messageText(remote, conversationId))).toEqual(heard);
  }, 120_000);
});

describe('a server without one', () => {
  it('refuses a job that asks for the remote recogniser with a 400 naming the option', async () => {
    const refused = await submit(plain, 'recognizer=remote');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/recognizer/);
    expect(JSON.stringify(refused.body)).toMatch(/no remote recogniser/);
    const odd = await submit(plain, 'recognizer=whisper');
    expect(odd.status).toBe(400);
    expect(JSON.stringify(odd.body)).toMatch(/pocketsphinx/);
  });
});
