import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type AudioChunk, toInt16 } from '../../sources/AudioChunk.ts';
import { fromMic } from '../../sources/fromMic.ts';
import { AudioSourceError } from '../../src/errors/AudioSourceError.ts';
import { DependencyMissingError } from '../../src/errors/DependencyMissingError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { processesWith, waitGone } from './audioFixtures.ts';

/** Runs `body` with a PATH holding no recorder binaries. */
async function withEmptyPath<T>(body: () => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-nopath-'));
  const path = process.env.PATH;
  process.env.PATH = dir;
  try {
    return await body();
  } finally {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('fromMic', () => {
  it('reports a recorder missing from PATH as DependencyMissingError naming the package, without crashing', async () => {
    const error = await withEmptyPath(() => lastValueFrom(fromMic()).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(DependencyMissingError);
    expect((error as Error).message).toMatch(/sox recorder is not installed \(install the sox package\)/);
    const arecord = await withEmptyPath(() =>
      lastValueFrom(fromMic({ recorder: 'arecord', device: 'hw:1,0' })).catch((e: unknown) => e),
    );
    expect(arecord).toBeInstanceOf(DependencyMissingError);
    expect((arecord as Error).message).toMatch(/alsa-utils/);
  });

  it('reports a recorder that cannot open its device as AudioSourceError quoting the recorder', async () => {
    // This machine has sox but no sound card: sox starts, fails to open the device and exits.
    const error = await lastValueFrom(fromMic({ device: 'no-such-device-42' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioSourceError);
    expect((error as Error).message).toMatch(/^sox stopped recording: /);
  });

  it('records raw PCM (no WAV header) from the chosen device and stops the recorder on unsubscribe', async () => {
    // ALSA's `null` device records silence, so sox really captures here without a sound card.
    const chunks: AudioChunk[] = [];
    let recorders = 0;
    await new Promise<void>((resolve, reject) => {
      const subscription = fromMic({ device: 'null', sampleRate: 8000 }).subscribe({
        next: (chunk) => {
          chunks.push(chunk);
          if (chunks.reduce((n, c) => n + c.data.length, 0) < 8000) return;
          recorders = processesWith('--default-device').length;
          subscription.unsubscribe();
          resolve();
        },
        error: reject,
      });
    });
    const bytes = Buffer.concat(chunks.map((c) => c.data));
    expect(chunks[0]?.format).toEqual({ sampleRate: 8000, channels: 1, encoding: 's16le' });
    expect(bytes.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
    // Near silence (the null device plus the dither sox adds when it converts to 16 bits): below -40 dBFS.
    const all = chunks.flatMap((c) => Array.from(toInt16(c)));
    const rms = Math.sqrt(all.reduce((sum, v) => sum + v * v, 0) / all.length);
    expect(rms).toBeLessThan(328);
    expect(recorders).toBeGreaterThanOrEqual(1);
    expect(await waitGone('--default-device')).toEqual([]);
  });

  it('validates its options', () => {
    expect(() => fromMic({ recorder: 'gstreamer' as never })).toThrow(ValidationError);
    expect(() => fromMic({ sampleRate: 3 })).toThrow(ValidationError);
  });
});
