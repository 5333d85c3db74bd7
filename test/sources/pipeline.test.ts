import { bufferCount, filter, lastValueFrom, map, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { downmix } from '../../operators/downmix.ts';
import { frames } from '../../operators/frames.ts';
import { resample } from '../../operators/resample.ts';
import { vad } from '../../operators/vad.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { durationMs, frameCount } from '../../sources/AudioChunk.ts';
import { fromFfmpeg } from '../../sources/fromFfmpeg.ts';
import { fromFile } from '../../sources/fromFile.ts';

describe('sources and operators composed', () => {
  it('finds the spoken turns of a synthesized meeting: fromFile | frames(20) | vad()', async () => {
    const meeting = await synthesizeConversation('sample-meeting');
    const labels = await lastValueFrom(
      fromFile(meeting.mixWav).pipe(
        frames(20),
        vad({ thresholdDb: -45, hangoverMs: 200 }),
        map((a) => a.speech),
        toArray(),
      ),
    );
    const speechAt = (seconds: number) => labels[Math.floor((seconds * 1000) / 20)];
    for (const turn of meeting.turns) expect(speechAt((turn.start + turn.end) / 2)).toBe(true);
    // Gaps between turns longer than the hangover plus a margin read as silence in their middle.
    const gaps = meeting.turns.slice(1).map((t, i) => [meeting.turns[i]?.end ?? 0, t.start] as const);
    const long = gaps.filter(([end, start]) => start - end > 0.6);
    expect(long.length).toBeGreaterThan(0);
    for (const [end, start] of long) expect(speechAt((end + start) / 2 + 0.15)).toBe(false);
  });

  it('reshapes 44.1 kHz stereo from ffmpeg into 16 kHz mono 20 ms frames, keeping the duration', async () => {
    const chunks = await lastValueFrom(
      fromFfmpeg('sine=frequency=500:duration=1:sample_rate=44100', {
        inputFormat: 'lavfi',
        sampleRate: 44100,
        channels: 2,
      }).pipe(downmix(), resample(16000), frames(20), toArray()),
    );
    expect(chunks.reduce((n, c) => n + frameCount(c), 0)).toBe(16000);
    expect(chunks.every((c) => c.format.sampleRate === 16000 && c.format.channels === 1)).toBe(true);
    expect(chunks.slice(0, -1).every((c) => durationMs(c) === 20)).toBe(true);
    const firstSecond = await lastValueFrom(
      fromFfmpeg('sine=frequency=500:sample_rate=44100', { inputFormat: 'lavfi' }).pipe(
        frames(20),
        filter((c) => durationMs(c) === 20),
        take(50),
        bufferCount(50),
      ),
    );
    expect(firstSecond.length).toBe(50);
  });
});
