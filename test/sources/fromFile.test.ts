import { asyncScheduler, lastValueFrom, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AudioChunk, durationMs, frameCount } from '../../sources/AudioChunk.ts';
import { fromFile } from '../../sources/fromFile.ts';
import { NotFoundError } from '../../src/errors/NotFoundError.ts';
import { UnsupportedMediaError } from '../../src/errors/UnsupportedMediaError.ts';
import {
  type AudioFixtures,
  makeAudioFixtures,
  processesWith,
  waitGone,
  wavSamples,
} from './audioFixtures.ts';

let fx: AudioFixtures;
beforeAll(() => {
  fx = makeAudioFixtures();
});

const all = (path: string, options = {}) => lastValueFrom(fromFile(path, options).pipe(toArray()));
const frames = (chunks: AudioChunk[]) => chunks.reduce((n, c) => n + frameCount(c), 0);

describe('fromFile', () => {
  it('emits a 16 kHz WAV sample for sample, in s16le chunks of at most 100 ms', async () => {
    const chunks = await all(fx.wav16k);
    expect(Buffer.concat(chunks.map((c) => c.data))).toEqual(wavSamples(fx.wav16k));
    for (const c of chunks) {
      expect(c.format).toEqual({ sampleRate: 16000, channels: 1, encoding: 's16le' });
      expect(durationMs(c)).toBeLessThanOrEqual(100);
    }
  });

  it('decodes any container through ffmpeg, mixing down or keeping channels apart', async () => {
    const mono = await all(fx.oggStereo);
    expect(Math.abs(frames(mono) - 9600)).toBeLessThan(400);
    const stereo = await all(fx.oggStereo, { layout: 'separate', sampleRate: 8000, chunkMs: 20 });
    expect(stereo[0]?.format).toEqual({ sampleRate: 8000, channels: 2, encoding: 's16le' });
    expect(Math.abs(frames(stereo) - 4800)).toBeLessThan(200);
    expect(stereo.every((c) => frameCount(c) <= 160)).toBe(true);
  });

  it('paces chunks so that none is released before its end on the wall clock', async () => {
    const released: { at: number; endMs: number }[] = [];
    let endMs = 0;
    const paced = fromFile(fx.wav16k, { realtime: true, chunkMs: 200 });
    const t0 = asyncScheduler.now();
    await new Promise<void>((resolve, reject) =>
      paced.subscribe({
        next: (chunk) => {
          endMs += durationMs(chunk);
          released.push({ at: asyncScheduler.now() - t0, endMs });
        },
        error: reject,
        complete: resolve,
      }),
    );
    expect(released.length).toBe(3);
    for (const r of released) expect(r.at).toBeGreaterThanOrEqual(Math.floor(r.endMs) - 1);
  });

  it('reports a missing file as NotFoundError and non-audio as UnsupportedMediaError', async () => {
    await expect(all(fx.absent('a.wav'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(all(fx.text)).rejects.toBeInstanceOf(UnsupportedMediaError);
  });

  it('stops the ffmpeg decoder when unsubscribed early', async () => {
    const running = await new Promise<number>((resolve, reject) => {
      const subscription = fromFile(fx.longOgg, { chunkMs: 10 }).subscribe({
        next: () => {
          // Decoding is pulled, so ffmpeg is still working on the two minutes of audio.
          const count = processesWith('long-marker-7f3a').length;
          subscription.unsubscribe();
          resolve(count);
        },
        error: reject,
      });
    });
    expect(running).toBe(1);
    expect(await waitGone('long-marker-7f3a')).toEqual([]);
  });
});
