import { decodeAudio } from '../../engine/audio/decodeAudio.ts';
import { probeMedia } from '../../engine/audio/probeMedia.ts';
import { PayloadTooLargeError } from '../../errors/PayloadTooLargeError.ts';

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
  const stated = (await probeMedia(path)).durationSeconds;
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
