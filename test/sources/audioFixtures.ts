import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Short test signals made by ffmpeg once and cached in .cache/source-fixtures (shared by test files). */
export interface AudioFixtures {
  dir: string;
  /** 0.6 s, 16 kHz mono s16 WAV of a 440 Hz tone. */
  wav16k: string;
  /** 0.6 s, 44.1 kHz stereo Ogg Vorbis (needs ffmpeg to decode). */
  oggStereo: string;
  /** 0.6 s, 8 kHz mono WAV (for telephone codecs). */
  wav8k: string;
  /** 120 s, 8 kHz mono Ogg Vorbis named with a marker, to find its decoder among processes. */
  longOgg: string;
  /** Plain text, not audio. */
  text: string;
  /** Where a file that does not exist would be. */
  absent(name: string): string;
}

const cacheDir = fileURLToPath(new URL('../../.cache/source-fixtures/', import.meta.url));

/** Makes `name` in the cache with `make(tempPath)` unless it is there; safe under concurrent callers. */
function cached(name: string, make: (path: string) => void): string {
  const path = join(cacheDir, name);
  if (existsSync(path)) return path;
  const temp = join(cacheDir, `tmp-${process.pid}-${name}`);
  make(temp);
  renameSync(temp, path);
  return path;
}

const ffmpeg =
  (...args: string[]) =>
  (path: string) => {
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, path]);
  };

export function makeAudioFixtures(): AudioFixtures {
  mkdirSync(cacheDir, { recursive: true });
  const tone = 'sine=frequency=440:duration=0.6';
  return {
    dir: cacheDir,
    wav16k: cached(
      'tone16k.wav',
      ffmpeg('-f', 'lavfi', '-i', tone, '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le'),
    ),
    oggStereo: cached(
      'stereo.ogg',
      ffmpeg('-f', 'lavfi', '-i', tone, '-ar', '44100', '-ac', '2', '-c:a', 'libvorbis'),
    ),
    wav8k: cached(
      'tone8k.wav',
      ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=300:duration=0.6', '-ar', '8000', '-ac', '1'),
    ),
    longOgg: cached(
      'long-marker-7f3a.ogg',
      ffmpeg('-f', 'lavfi', '-i', 'sine=duration=120', '-ar', '8000', '-c:a', 'libvorbis'),
    ),
    text: cached('notes.txt', (path) =>
      writeFileSync(path, 'these are meeting notes, not audio\n'.repeat(20)),
    ),
    absent: (name) => join(cacheDir, `absent-${name}`),
  };
}

/** The samples of a 16-bit PCM WAV written by ffmpeg (44-byte canonical header not assumed). */
export function wavSamples(path: string): Buffer {
  const bytes = readFileSync(path);
  const at = bytes.indexOf('data', 12, 'latin1');
  return bytes.subarray(at + 8, at + 8 + bytes.readUInt32LE(at + 4));
}

/** ffmpeg's own transcode of `path` to raw audio (`-f format`) at `rate` Hz mono. */
export function ffmpegRaw(path: string, format: string, rate: number): Buffer {
  return execFileSync('ffmpeg', [
    '-v',
    'error',
    '-i',
    path,
    '-ar',
    String(rate),
    '-ac',
    '1',
    '-f',
    format,
    '-',
  ]);
}

/** Pids of live processes whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      const state = readFileSync(`/proc/${entry}/stat`, 'latin1').split(') ')[1]?.[0];
      if (cmdline.includes(marker) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Waits (bounded) until no live process has `marker` on its command line; returns the survivors. */
export async function waitGone(marker: string, deadlineMs = 3000): Promise<number[]> {
  const end = Date.now() + deadlineMs;
  let alive = processesWith(marker);
  while (alive.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    alive = processesWith(marker);
  }
  return alive;
}
