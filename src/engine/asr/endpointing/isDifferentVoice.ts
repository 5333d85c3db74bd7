import { spectralVoiceDistance } from '../../audio/spectralVoiceDistance.ts';
import type { VoicedFrame } from './SpeechTracker.ts';

/** Fewest voiced frames on each side before pitches are compared. */
export const MIN_VOICED_FRAMES = 5;
/**
 * Median pitches further apart than this (in octaves: 0.4 is about 32%) belong to different
 * voices. One voice moves less than that across a short pause, even from the low end of a
 * sentence to the high start of the next (0.3 was crossed there in noise); the flite voices of
 * the fixtures sit 0.7 octave and more apart between women and men, but only 0.3 between slt
 * and awb and less between the men, which pitch cannot tell apart.
 */
const DIFFERENT_VOICE_OCTAVES = 0.4;
/**
 * Voiced frames after the pause before their spectrum is compared with the voice before it: about
 * 0.15 s of voicing, two or three syllables' vowels. Fewer let the sounds spoken outweigh the
 * vocal tract; `lastLook` takes what there is down to MIN_SPECTRAL_FRAMES.
 */
export const SPECTRAL_FRAMES = 12;
/**
 * Spectra this many times further from the voice before the pause than a stretch of that voice
 * lies from the rest of it (spectralVoiceDistance) are another voice. On the pauses of the tuning
 * fixtures (turns 0.2-0.35 s apart, pauses inside turns, clean and under a noise bed) the same
 * voice came out at 0.9 median and 1.2-1.45 at the 95th percentile, 1 in 95 above 1.5 under
 * noise; other voices at 1.4-1.6 median.
 */
const DIFFERENT_SPECTRUM = 1.7;

/**
 * Whether the voiced frames after a pause come from a different voice than those before it:
 * yes when their median pitches lie far apart, or when the shape of their average spectrum does
 * (spectralVoiceDistance), which tells apart voices of one pitch; no when both agree; undefined
 * while the frames after are too few to judge both. `lastLook` judges the spectrum on fewer frames,
 * when no more will come.
 */
export function isDifferentVoice(
  before: readonly VoicedFrame[],
  after: readonly VoicedFrame[],
  lastLook = false,
): boolean | undefined {
  const pitch = isDifferentPitch(
    before.map((f) => f.f0),
    after.map((f) => f.f0),
  );
  if (pitch === true) return true;
  if (!lastLook && after.length < SPECTRAL_FRAMES) return undefined;
  const spectrum = spectralVoiceDistance(
    before.map((f) => f.cepstrum),
    after.map((f) => f.cepstrum),
  );
  if (spectrum === undefined) return undefined;
  if (spectrum > DIFFERENT_SPECTRUM) return true;
  return pitch === false ? false : undefined;
}

/**
 * Whether the pitch (Hz) of voiced frames after a pause comes from a different voice than the
 * pitch before it, judged on their medians; undefined while either side has too few frames.
 */
export function isDifferentPitch(before: readonly number[], after: readonly number[]): boolean | undefined {
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
