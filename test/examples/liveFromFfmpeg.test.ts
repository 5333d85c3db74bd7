import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveFromFfmpeg } from '../../examples/liveFromFfmpeg.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
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
  });
});
