import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** One synthesized line: who says it (a flite voice) and what. */
export interface SpokenLine {
  voice: 'rms' | 'awb' | 'kal16' | 'slt';
  text: string;
}

/** A synthesized mono conversation with where each line sits (seconds). */
export interface SpeechFixture {
  wav: string;
  turns: Array<{ voice: string; text: string; start: number; end: number }>;
}

const CACHE = join(import.meta.dirname, '..', '..', '..', '.cache', 'engine-tests');
const PAUSE = 0.7;

function run(program: string, args: string[]): string {
  return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Speaks lines with flite at 16 kHz and joins them with 0.7 s pauses. Cached by content hash
 * (written to a temporary name, then renamed) so parallel test files share the work.
 */
export function synthesizeLines(lines: readonly SpokenLine[]): SpeechFixture {
  mkdirSync(CACHE, { recursive: true });
  const hash = createHash('sha256').update(JSON.stringify(lines)).digest('hex').slice(0, 16);
  const wav = join(CACHE, `${hash}.wav`);
  const parts: string[] = [];
  const turns: SpeechFixture['turns'] = [];
  let at = 0;
  lines.forEach((line, i) => {
    const part = join(CACHE, `${hash}-${i}.wav`);
    if (!existsSync(part)) {
      const raw = `${part}.${process.pid}.raw.wav`;
      run('flite', ['-voice', line.voice, '-t', line.text, '-o', raw]);
      run('sox', [raw, '-r', '16000', '-b', '16', `${part}.${process.pid}.wav`, 'pad', '0', String(PAUSE)]);
      renameSync(`${part}.${process.pid}.wav`, part);
      rmSync(raw, { force: true });
    }
    const seconds = Number(run('soxi', ['-D', part]).trim());
    turns.push({ voice: line.voice, text: line.text, start: at, end: at + seconds - PAUSE });
    at += seconds;
    parts.push(part);
  });
  if (!existsSync(wav)) {
    const temp = `${wav}.${process.pid}.wav`;
    if (parts.length === 1) run('sox', [parts[0] as string, temp]);
    else run('sox', [...parts, temp]);
    renameSync(temp, wav);
  }
  return { wav, turns };
}

/**
 * Converts a fixture with ffmpeg (e.g. to `.mp3`), cached next to it. `args` go after `-i wav`
 * (they may add inputs, such as a video track).
 */
export function transcode(wav: string, extension: string, args: string[] = []): string {
  const out = wav.replace(/\.wav$/, extension);
  if (!existsSync(out)) {
    const temp = out.replace(extension, `.${process.pid}${extension}`);
    run('ffmpeg', ['-v', 'error', '-y', '-i', wav, ...args, temp]);
    renameSync(temp, out);
  }
  return out;
}

/** Arguments for {@link transcode} that add a small video track and make an H.264/AAC MP4. */
export const MP4_VIDEO_ARGS = [
  '-f',
  'lavfi',
  '-i',
  'color=c=blue:s=64x64:r=10',
  '-shortest',
  '-c:v',
  'libx264',
  '-c:a',
  'aac',
];
