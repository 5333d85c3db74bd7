import { execFile } from 'node:child_process';
import { decodeAudio } from '../../engine/audio/decodeAudio.ts';
import { PayloadTooLargeError } from '../../errors/PayloadTooLargeError.ts';

/**
 * The duration of a media file in seconds as its container states it (ffprobe), or undefined
 * when the container does not say (raw streams such as ADTS, where ffprobe only guesses from the
 * bitrate, off by a sixth in tests) or ffprobe cannot read it.
 */
export function probeMediaSeconds(path: string, ffprobePath = 'ffprobe'): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile(
      ffprobePath,
      [
        '-v',
        'warning',
        '-show_entries',
        'format=duration',
        '-of',
        'default=noprint_wrappers=1:nokey=1',
        path,
      ],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        const seconds = Number.parseFloat(String(stdout).trim());
        const guessed = /estimating duration/i.test(String(stderr));
        resolve(error === null && !guessed && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined);
      },
    );
  });
}

/** The error for media longer than `limitSeconds`, naming both durations. */
export function mediaTooLong(limitSeconds: number, seconds?: number): PayloadTooLargeError {
  const actual = seconds === undefined ? 'longer than' : `${formatDuration(seconds)} long; more than`;
  return new PayloadTooLargeError(
    `The media is ${actual} the limit of ${formatDuration(limitSeconds)} (${limitSeconds} s) of audio.`,
  );
}

/**
 * The length of a media file in seconds: its container's stated duration when there is one,
 * otherwise measured by decoding it, since a stream that does not state its length is only
 * measured by reading it. With `limitSeconds`, refuses a longer file (a measurement stops as
 * soon as the limit is passed).
 * @throws PayloadTooLargeError
 */
export async function measureMediaSeconds(
  path: string,
  limitSeconds = Number.POSITIVE_INFINITY,
): Promise<number> {
  const stated = await probeMediaSeconds(path);
  if (stated !== undefined) {
    if (stated > limitSeconds) throw mediaTooLong(limitSeconds, stated);
    return stated;
  }
  let seconds = 0;
  for await (const block of decodeAudio(path, { sampleRate: 8000 })) {
    seconds += (block.channels[0]?.length ?? 0) / block.sampleRate;
    if (seconds > limitSeconds) throw mediaTooLong(limitSeconds);
  }
  return seconds;
}

function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
