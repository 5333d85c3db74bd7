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
 * Spectra this many times further from the voice before the pause than a stretch of that voice
 * lies from the rest of it (spectralVoiceDistance) are another voice. Set on the pauses of the
 * tuning fixtures (1.5-1.7 caught the same turn changes there; 1.7 called the fewest pauses inside
 * a turn new; 2.0 left the 95th percentile of finals at 5.9 s on 0.2 s gaps against 2.3 s). On all
 * six scripts' pauses with 0.2 s after them, the same voice came out at 0.9 median and 1.1 (clean)
 * to 1.3 (under a noise bed) at the 95th percentile, above 1.7 at 1 pause in 95 clean and 0-2 in
 * 180 under noise; other voices at 1.45-1.6 median. Of the turn changes pitch missed, it caught
 * 6 of 16 clean and 5 of 17 under noise.
 */
const DIFFERENT_SPECTRUM = 1.7;

/**
 * Whether the voiced frames after a pause come from a different voice than those before it:
 * yes as soon as their median pitches lie far apart; otherwise, on the `lastLook` (no more frames
 * will come), yes when the spectra of the frames after lie far from those before
 * (spectralVoiceDistance), which tells apart voices of one pitch, and no if not. The spectrum is
 * judged once, on every frame the look allows: judged at each new frame, the same voice crossed
 * the line now and then under noise. Undefined while it is not the last look and pitch does not
 * differ, or on the last look when neither pitch nor spectrum can be judged.
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
  if (!lastLook) return undefined;
  const spectrum = spectralVoiceDistance(cepstraOf(before), cepstraOf(after));
  if (spectrum !== undefined) return spectrum > DIFFERENT_SPECTRUM;
  return pitch;
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

function cepstraOf(frames: readonly VoicedFrame[]): Float32Array[] {
  return frames.map((f) => f.cepstrum);
}
