import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { from, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../operators/messages.ts';
import { resample } from '../../operators/resample.ts';
import { streamingSession } from '../../operators/streamingSession.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { fromRtp } from '../../sources/fromRtp.ts';
import { type LocalServer, startLocalServer } from '../../src/streaming/startLocalServer.ts';

let live: LocalServer;
beforeAll(async () => {
  live = await startLocalServer();
});
afterAll(async () => {
  await live?.close();
});

describe('live session from RTP (ffmpeg sends on loopback)', () => {
  it('transcribes L16 RTP through resample(16000) and the Parley server', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    const seconds = Math.ceil(fixture.turns[2]?.end ?? 12) + 1;
    let bound: (port: number) => void = () => {};
    const port = new Promise<number>((resolve) => {
      bound = resolve;
    });
    const session = lastValueFrom(
      fromRtp({ port: 0, idleTimeoutMs: 500, onListening: (a: AddressInfo) => bound(a.port) }).pipe(
        resample(16000),
        streamingSession({ baseUrl: live.baseUrl, token: live.token, insightTypes: ['question'] }),
        toArray(),
      ),
    );
    // Real-time pacing (-re), as a phone would send: payload type 11, 44.1 kHz mono L16.
    const args = ['-v', 'error', '-re', '-t', String(seconds), '-i', fixture.mixWav];
    const codec = ['-ar', '44100', '-ac', '1', '-acodec', 'pcm_s16be', '-f', 'rtp'];
    const target = `rtp://127.0.0.1:${await port}`;
    await new Promise<void>((resolve, reject) =>
      execFile('ffmpeg', [...args, ...codec, target], (e) => (e ? reject(e) : resolve())),
    );
    const events = await session;
    const text = (await lastValueFrom(from(events).pipe(messages(), toArray())))
      .map((m) => m.payload.content)
      .join(' ')
      .toLowerCase();
    for (const words of ['mobile app', 'beta test']) expect(text).toContain(words);
    expect(events.some((e) => e.type === 'insight_response')).toBe(true);
  });
});
