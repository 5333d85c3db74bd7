import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveFromFfmpeg } from '../../examples/liveFromFfmpeg.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { wordErrorRate } from '../../src/engine/asr/wordErrorRate.ts';
import { transcribeAudio } from '../../src/engine/transcribeAudio.ts';
import { type LocalServer, startLocalServer } from '../../src/streaming/startLocalServer.ts';

let live: LocalServer;
beforeAll(async () => {
  live = await startLocalServer();
});
afterAll(async () => {
  await live?.close();
});

describe('examples/liveFromFfmpeg', () => {
  it('transcribes what ffmpeg delivers, live, sentence by sentence', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    // The first four turns (ffmpeg's input option -t cuts the read), as an MP3 would be: through ffmpeg.
    const seconds = Math.ceil(fixture.turns[3]?.end ?? 20) + 1;
    const lines = await lastValueFrom(
      liveFromFfmpeg(fixture.mixWav, live, { inputArgs: ['-t', String(seconds)] }).pipe(toArray()),
    );
    const text = lines.join(' ').toLowerCase();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const words of ['mobile app', 'beta test', 'feedback']) expect(text).toContain(words);
    // The same audio through the async path gives the same words, but for one here or there: live
    // sessions end utterances after 0.25 s of silence, files after the engine's 0.5 s.
    const dir = await mkdtemp(join(tmpdir(), 'parley-ffmpeg-'));
    try {
      const clip = join(dir, 'clip.wav');
      await promisify(execFile)('ffmpeg', ['-v', 'error', '-t', String(seconds), '-i', fixture.mixWav, clip]);
      const snapshot = await transcribeAudio(clip, {});
      const asynchronous = snapshot.messages.map((m) => m.text).join(' ');
      expect(wordErrorRate(asynchronous, lines.join(' '))).toBeLessThan(0.1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
