import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { from, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../operators/messages.ts';
import { resample } from '../../operators/resample.ts';
import { streamingSession } from '../../operators/streamingSession.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { fromRtp } from '../../sources/fromRtp.ts';
import { transcribeAudio } from '../../src/engine/transcribeAudio.ts';
import type { StreamingEvent } from '../../src/streaming/StreamingEvent.ts';
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

  it('gives the same messages as the async path when the RTP audio is the recording (L16, 16 kHz)', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    const seconds = ((fixture.turns[2]?.end ?? 12) + 0.4).toFixed(2);
    const dir = await mkdtemp(join(tmpdir(), 'parley-rtp-'));
    try {
      const clip = join(dir, 'clip.wav');
      await promisify(execFile)('ffmpeg', [
        '-v',
        'error',
        '-t',
        seconds,
        '-i',
        fixture.mixWav,
        '-c',
        'copy',
        clip,
      ]);
      let bound: (port: number) => void = () => {};
      const port = new Promise<number>((resolve) => {
        bound = resolve;
      });
      const session = lastValueFrom(
        fromRtp({
          port: 0,
          idleTimeoutMs: 500,
          // ffmpeg sends L16 at rates other than 44.1 kHz under the first dynamic payload type.
          payloadType: 96,
          codec: { encoding: 'L16', sampleRate: 16000, channels: 1 },
          onListening: (a: AddressInfo) => bound(a.port),
        }).pipe(streamingSession({ baseUrl: live.baseUrl, token: live.token }), toArray()),
      );
      const codec = ['-acodec', 'pcm_s16be', '-payload_type', '96', '-f', 'rtp'];
      await promisify(execFile)('ffmpeg', [
        '-v',
        'error',
        '-re',
        '-i',
        clip,
        ...codec,
        `rtp://127.0.0.1:${await port}`,
      ]);
      const events: StreamingEvent[] = await session;
      const streamed = await lastValueFrom(from(events).pipe(messages(), toArray()));
      const snapshot = await transcribeAudio(clip, {});
      expect(streamed.map((m) => m.payload.content)).toEqual(snapshot.messages.map((m) => m.text));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
