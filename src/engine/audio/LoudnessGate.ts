/** Frames quieter than the loudest recent frame by more than this (natural log of energy, ~30 dB) are silent. */
const SPEECH_RANGE = 7;
/** Absolute floor of a speech frame's log mean-square energy (about -60 dBFS). */
const ENERGY_FLOOR = Math.log(1e-6);
/** Per-frame decay of the loudness reference, so one loud moment does not mute the rest. */
const PEAK_DECAY = 0.002;

/** Natural log of the mean square of `length` samples from `from` (full scale is 0). */
export function frameLogEnergy(pcm: Int16Array, from: number, length: number): number {
  let sum = 0;
  for (let i = from; i < from + length; i += 1) {
    const x = (pcm[i] as number) / 32768;
    sum += x * x;
  }
  return Math.log(sum / length + 1e-12);
}

/**
 * Tells loud frames from silent ones in a stream, without knowing the recording in advance: a
 * frame is loud when it is within about 30 dB of the loudest recent frame (a reference that
 * decays slowly, so one loud moment does not mute the rest) and above about -60 dBFS.
 */
export class LoudnessGate {
  #peak = Number.NEGATIVE_INFINITY;

  /** Whether a frame of this log energy (see frameLogEnergy) is loud; call once per frame, in order. */
  isLoud(logEnergy: number): boolean {
    this.#peak = Math.max(logEnergy, this.#peak - PEAK_DECAY);
    return logEnergy > Math.max(ENERGY_FLOOR, this.#peak - SPEECH_RANGE);
  }
}
