import { createReadStream } from 'node:fs';
import { lastValueFrom, take, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AudioChunk, frameCount } from '../../sources/AudioChunk.ts';
import { fromFfmpeg } from '../../sources/fromFfmpeg.ts';
import { DependencyMissingError } from '../../src/errors/DependencyMissingError.ts';
import { NotFoundError } from '../../src/errors/NotFoundError.ts';
import { UnsupportedMediaError } from '../../src/errors/UnsupportedMediaError.ts';
import {
  type AudioFixtures,
  ffmpegRaw,
  makeAudioFixtures,
  processesWith,
  waitGone,
} from './audioFixtures.ts';

let fx: AudioFixtures;
beforeAll(() => {
  fx = makeAudioFixtures();
});

const bytes = (chunks: AudioChunk[]) => Buffer.concat(chunks.map((c) => c.data));
const frames = (chunks: AudioChunk[]) => chunks.reduce((n, c) => n + frameCount(c), 0);

describe('fromFfmpeg', () => {
  it('transcodes a file to 16 kHz mono s16le, exactly as ffmpeg does', async () => {
    const chunks = await lastValueFrom(fromFfmpeg(fx.oggStereo).pipe(toArray()));
    expect(chunks[0]?.format).toEqual({ sampleRate: 16000, channels: 1, encoding: 's16le' });
    expect(bytes(chunks)).toEqual(ffmpegRaw(fx.oggStereo, 's16le', 16000));
  });

  it('reads a piped stream (or a factory of one) to the same audio', async () => {
    const expected = ffmpegRaw(fx.oggStereo, 's16le', 16000);
    const piped = await lastValueFrom(fromFfmpeg(createReadStream(fx.oggStereo)).pipe(toArray()));
    expect(bytes(piped)).toEqual(expected);
    const factory = await lastValueFrom(fromFfmpeg(() => createReadStream(fx.oggStereo)).pipe(toArray()));
    expect(bytes(factory)).toEqual(expected);
  });

  it('opens devices and generators through an input format', async () => {
    const chunks = await lastValueFrom(
      fromFfmpeg('sine=frequency=300:duration=0.5', { inputFormat: 'lavfi', sampleRate: 8000 }).pipe(
        toArray(),
      ),
    );
    expect(frames(chunks)).toBe(4000);
  });

  it('kills the ffmpeg child on unsubscribe', async () => {
    const marker = 'sine=frequency=431:sample_rate=22050';
    const first = await lastValueFrom(
      fromFfmpeg(marker, { inputFormat: 'lavfi', realtime: true }).pipe(take(1), toArray()),
    );
    expect(first.length).toBe(1);
    expect(await waitGone(marker)).toEqual([]);
  });

  it('kills the child of a subscription that never received audio', async () => {
    const marker = 'sine=frequency=433:sample_rate=22050';
    const subscription = fromFfmpeg(marker, { inputFormat: 'lavfi', realtime: true }).subscribe();
    const end = Date.now() + 3000;
    while (processesWith(marker).length === 0 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 10));
    expect(processesWith(marker).length).toBe(1);
    subscription.unsubscribe();
    expect(await waitGone(marker)).toEqual([]);
  });

  it('types its failures: missing input, undecodable input, ffmpeg absent from PATH', async () => {
    await expect(lastValueFrom(fromFfmpeg(fx.absent('b.ogg')))).rejects.toBeInstanceOf(NotFoundError);
    await expect(lastValueFrom(fromFfmpeg(fx.text))).rejects.toBeInstanceOf(UnsupportedMediaError);
    const path = process.env.PATH;
    process.env.PATH = fx.absent('bin');
    try {
      await expect(lastValueFrom(fromFfmpeg(fx.wav16k))).rejects.toBeInstanceOf(DependencyMissingError);
    } finally {
      process.env.PATH = path;
    }
  });
});
