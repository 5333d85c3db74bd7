import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamLikeSymbl } from '../../examples/symblStreamingCalls.ts';
import { pcmToWav } from '../../src/engine/audio/pcmToWav.ts';
import { AuthenticationError } from '../../src/errors/AuthenticationError.ts';
import { ConnectionError } from '../../src/errors/ConnectionError.ts';
import { type LocalServer, startLocalServer } from '../../src/streaming/startLocalServer.ts';
import { watchConnection } from '../../src/streaming/watchConnection.ts';
import { meetingClip, words } from '../server/streaming/liveTestClient.ts';

let live: LocalServer;
let dir: string;
beforeAll(async () => {
  live = await startLocalServer();
  dir = await mkdtemp(join(tmpdir(), 'parley-symbl-calls-'));
});
afterAll(async () => {
  await live?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('examples/symblStreamingCalls', () => {
  it('streams, watches the same connection and reads the stored conversation, as Symbl’s SDK calls do', async () => {
    const clip = await meetingClip(2);
    const recording = join(dir, 'clip.wav');
    await writeFile(recording, pcmToWav(clip.pcm, 16000));
    const call = await streamLikeSymbl(recording, live);
    expect(call.spoken.length).toBeGreaterThan(0);
    // The watcher saw what the speaker's socket got, and the store kept it.
    expect(call.watched).toEqual(call.spoken);
    expect(words(call.stored.join(' '))).toEqual(words(call.spoken.join(' ')));
    const scripted = new Set(words(clip.texts.join(' ')));
    const heard = words(call.spoken.join(' '));
    expect(heard.filter((w) => scripted.has(w)).length / heard.length).toBeGreaterThan(0.5);
  }, 120_000);

  it('watchConnection refuses a connection that does not exist with a typed error', async () => {
    const unknown = lastValueFrom(watchConnection('nobody-here', live));
    await expect(unknown).rejects.toBeInstanceOf(ConnectionError);
    await expect(unknown).rejects.toMatchObject({ status: 404 });
    const stranger = lastValueFrom(watchConnection('nobody-here', { ...live, token: 'not-a-token' }));
    await expect(stranger).rejects.toBeInstanceOf(AuthenticationError);
  });
});
