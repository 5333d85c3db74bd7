/*
 * What the client saw, the store has: `parley serve` killed (SIGKILL) right after a live client
 * received finals keeps every one of them; SIGTERM drains a live session and a running job and
 * exits 0 within its deadline with nothing lost; an upload cut short by SIGKILL leaves no file
 * behind after the restart.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { type Frame, LiveTestClient, meetingClip, system } from '../streaming/liveTestClient.ts';
import { parleyServe, type ServeProcess } from '../support/parleyServe.ts';
import { call, tempDataDir, tokenFor, waitForJob } from '../support/testServer.ts';
import { toneWav } from '../support/wavFile.ts';

const APP = { PARLEY_APP_ID: 'e'.repeat(64), PARLEY_APP_SECRET: 'f'.repeat(128) };
const children: ServeProcess[] = [];
const dirs: Array<ReturnType<typeof tempDataDir>> = [];

afterAll(() => {
  for (const { child } of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) dir.remove();
});

async function serve(dataDir: string): Promise<ServeProcess & { token: string }> {
  const server = await parleyServe(dataDir, APP);
  children.push(server);
  return { ...server, token: await tokenFor(server.url, APP.PARLEY_APP_ID, APP.PARLEY_APP_SECRET) };
}

const start = {
  type: 'start_request',
  config: { speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
  speaker: { userId: 'ana@example.com', name: 'Ana' },
};

/** Sends `pcm` in 100 ms frames, in real time, until done or the socket closes. */
async function streamInRealTime(client: LiveTestClient, pcm: Int16Array): Promise<void> {
  for (let i = 0; i < pcm.length && client.closeCode === undefined; i += 1600) {
    client.sendPcm(pcm.subarray(i, i + 1600));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const messageIds = (frames: Frame[]) =>
  frames.filter((f) => f.type === 'message_response').flatMap((f) => f.messages.map((m: Frame) => m.id));

describe('SIGKILL', () => {
  it('loses no final a live client has seen', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const first = await serve(data.dir);
    const clip = await meetingClip(4);
    const client = await LiveTestClient.open(
      `${first.url.replace('http', 'ws')}/v1/streaming/kill-${process.pid}?access_token=${first.token}`,
    );
    client.send(start);
    const started = await client.next(system('recognition_started'));
    const conversationId = started.message.data.conversationId as string;
    void streamInRealTime(client, clip.pcm);
    // Two turns finalised on the client's side: two finals, two message_responses.
    let seen = 0;
    await client.next(() => {
      seen = client.all((f) => system('recognition_result')(f) && f.message.isFinal).length;
      return seen >= 2 && messageIds(client.frames).length >= 2;
    }, 60_000);
    const delivered = messageIds(client.frames);
    const finalTexts = client
      .all((f) => system('recognition_result')(f) && f.message.isFinal)
      .map((f) => f.message.payload.raw.alternatives[0].transcript as string);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = await serve(data.dir);
    const stored = await call(second.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
      token: second.token,
    });
    expect(stored.status).toBe(200);
    const storedIds = stored.body.messages.map((m: Frame) => m.id);
    for (const id of delivered) expect(storedIds).toContain(id);
    const storedText = stored.body.messages.map((m: Frame) => m.text).join(' ');
    for (const text of finalTexts)
      expect(storedText.replace(/\W+/g, ' ').toLowerCase()).toContain(
        text.replace(/\W+/g, ' ').toLowerCase().trim(),
      );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('leaves no file of an upload it was receiving, once restarted', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const first = await serve(data.dir);
    const media = join(data.dir, 'media');
    // An upload that never ends: the server is receiving it when it is killed.
    const chunks = Readable.from(
      (async function* () {
        yield toneWav(0);
        for (;;) {
          yield Buffer.alloc(64 * 1024);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })(),
    );
    const upload = request(`${first.url}/v1/process/audio`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.token}`, 'content-type': 'audio/wav' },
      body: chunks,
    }).catch(() => undefined);
    const deadline = Date.now() + 20_000;
    while (!(existsSync(media) && readdirSync(media).some((n) => n.endsWith('.part')))) {
      if (Date.now() > deadline) throw new Error('the upload never reached the disk');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    await upload;
    expect(readdirSync(media).filter((n) => n.endsWith('.part'))).toHaveLength(1);
    const second = await serve(data.dir);
    expect(readdirSync(media)).toEqual([]);
    expect(second.logLines().some((l) => l.event === 'media.orphans_removed')).toBe(true);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);
});

describe('SIGTERM', () => {
  it('drains a live session and a running job, closes the store last and exits 0 within its deadline', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const server = await serve(data.dir);
    const clip = await meetingClip(4);
    const client = await LiveTestClient.open(
      `${server.url.replace('http', 'ws')}/v1/streaming/term-${process.pid}?access_token=${server.token}`,
    );
    client.send(start);
    const started = await client.next(system('recognition_started'));
    const conversationId = started.message.data.conversationId as string;
    void streamInRealTime(client, clip.pcm);
    await client.next((f) => f.type === 'message_response', 60_000);
    const wav = Buffer.concat([
      Buffer.from(
        '524946462400000057415645666d74201000000001000100803e0000007d0000020010006461746100000000',
        'hex',
      ),
      Buffer.from(clip.pcm.buffer, clip.pcm.byteOffset, clip.pcm.byteLength),
    ]);
    const job = await call(server.url, 'POST', '/v1/process/audio', {
      token: server.token,
      body: wav,
      headers: { 'content-type': 'audio/wav' },
    });
    expect(job.status).toBe(201);

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const tookMs = Date.now() - signalled;
    // The drain's deadline is 10 s; the process ends right after it (and never later than 15 s).
    expect(tookMs).toBeLessThan(15_000);
    expect(await client.closed).toBe(1001);
    // The completion comes first: Symbl's JavaScript SDK stops reading at recognition_stopped.
    expect(client.frames.map((f) => f.message?.type ?? f.type).slice(-2)).toEqual([
      'conversation_completed',
      'recognition_stopped',
    ]);
    const events = server.logLines().map((l) => l.event);
    expect(events).not.toContain('live.persist_failed');
    expect(events.at(-1)).toBe('server.closed');

    // Nothing lost: every final the client saw is stored, and the job completes (now, or after
    // being handed back).
    const again = await serve(data.dir);
    const stored = await call(again.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
      token: again.token,
    });
    const storedIds = stored.body.messages.map((m: Frame) => m.id);
    for (const id of messageIds(client.frames)) expect(storedIds).toContain(id);
    expect(await waitForJob(again.url, again.token, job.body.jobId, 120_000)).toBe('completed');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 240_000);
});
