/** Fewest voiced frames on each side before voices are compared. */
export const MIN_VOICED_FRAMES = 5;
/**
 * Median pitches further apart than this (in octaves: 0.4 is about 32%) belong to different
 * voices. One voice moves less than that across a short pause, even from the low end of a
 * sentence to the high start of the next (0.3 was crossed there in noise); the flite voices of
 * the fixtures sit 0.7 octave and more apart between women and men, but only 0.3 between slt
 * and awb and less between the men, which this cannot tell apart.
 */
const DIFFERENT_VOICE_OCTAVES = 0.4;

/**
 * Whether the pitch (Hz) of voiced frames after a pause comes from a different voice than the
 * pitch before it, judged on their medians; undefined while either side has too few frames.
 */
export function isDifferentVoice(before: readonly number[], after: readonly number[]): boolean | undefined {
  if (before.length < MIN_VOICED_FRAMES || after.length < MIN_VOICED_FRAMES) return undefined;
  return Math.abs(Math.log2(median(after) / median(before))) > DIFFERENT_VOICE_OCTAVES;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
