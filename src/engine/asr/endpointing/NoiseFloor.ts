/** How fast the floor follows louder frames, per 10 ms frame (about 2.2 dB a second). */
const RISE_PER_FRAME = 0.005;
/** Below this (natural log of mean square, about -90 dBFS) a frame counts as digital silence. */
const LOWEST = Math.log(1e-9);

/**
 * The level of the background between words, learnt as the stream goes: it drops at once to any
 * quieter frame and creeps up slowly, so a second of speech barely moves it while a louder room
 * (a fan switched on) is followed within seconds. It starts at the first frame, so a stream that
 * opens mid-word finds no speech until the first quieter frame (speech has them every syllable
 * or so). Levels are natural logs of frame mean square
 * (see frameLogEnergy), 0 at full scale.
 */
export class NoiseFloor {
  #level: number | undefined;

  /** The floor after this frame. */
  update(logEnergy: number): number {
    const energy = Math.max(LOWEST, logEnergy);
    this.#level = this.#level === undefined ? energy : Math.min(energy, this.#level + RISE_PER_FRAME);
    return this.#level;
  }

  get level(): number {
    return this.#level ?? LOWEST;
  }
}
