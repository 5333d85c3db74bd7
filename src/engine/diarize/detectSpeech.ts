/** Options of {@link detectSpeech}; the defaults were chosen on the AMI training clips. */
export interface SpeechDetectionOptions {
  /** Speech is louder than the noise floor by this much (natural log of energy; 4.6 is 20 dB). */
  aboveFloor?: number;
  /** Speech is within this much of the recording's loud end (99th percentile; natural log, 6 is 26 dB). */
  belowPeak?: number;
  /** Pauses shorter than this (frames) inside speech count as speech. */
  bridgeFrames?: number;
  /** Bursts shorter than this (frames) are not speech. */
  minSpeechFrames?: number;
}

/**
 * Lowest frame log energy the floor is taken from (frame energy is a sum over 400 samples in
 * [-1, 1]; this is about -86 dB under a full-scale frame): digital silence counts as very quiet,
 * not as minus infinity.
 */
const QUIETEST = Math.log(1e-6);

/**
 * Marks speech frames (10 ms) from their log energies, for a whole recording at once: the noise
 * floor is the 10th percentile of the frames' energy (so it follows the recording's level and
 * channel, not a fixed dBFS), and a frame is speech when it is `aboveFloor` over it. Short pauses
 * are bridged and short bursts (clicks, breaths) dropped. Returns 1 for speech, 0 for not.
 */
export function detectSpeech(energies: Float32Array, options: SpeechDetectionOptions = {}): Uint8Array {
  const aboveFloor = options.aboveFloor ?? 4.6;
  const bridge = options.bridgeFrames ?? 30;
  const minSpeech = options.minSpeechFrames ?? 10;
  const speech = new Uint8Array(energies.length);
  if (energies.length === 0) return speech;
  const audible = Float32Array.from(energies, (e) => Math.max(QUIETEST, e)).sort();
  const floor = audible[Math.floor(audible.length * 0.1)] as number;
  const peak = audible[Math.floor(audible.length * 0.99)] as number;
  // A recording that is all speech or all noise has no floor to speak of: demand a real dynamic range.
  const threshold = Math.max(floor + aboveFloor, peak - (options.belowPeak ?? 9));
  for (let i = 0; i < energies.length; i += 1) speech[i] = (energies[i] as number) > threshold ? 1 : 0;
  fillRuns(speech, 0, bridge, 1);
  fillRuns(speech, 1, minSpeech, 0);
  return speech;
}

/** Replaces inner runs of `value` shorter than `shorter` frames with `fill`. */
function fillRuns(flags: Uint8Array, value: number, shorter: number, fill: number): void {
  let i = 0;
  while (i < flags.length) {
    if (flags[i] !== value) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < flags.length && flags[j] === value) j += 1;
    // A run of pauses at the very start or end is not inside speech.
    const inner = value === 1 || (i > 0 && j < flags.length);
    if (inner && j - i < shorter) flags.fill(fill, i, j);
    i = j;
  }
}
