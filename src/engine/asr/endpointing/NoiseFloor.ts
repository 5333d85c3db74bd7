/**
 * Frames the floor is the minimum of (2 s at 100 frames a second). Speech dips to the level of
 * the room every second or so (stop closures, breaths, the pauses between phrases), so the
 * minimum over two seconds is the room's level while someone talks on, and a louder room (a fan
 * switched on) is followed within two seconds. A floor that crept up under speech instead (2.2 dB
 * a second) stood 3-4 dB above the room after two seconds of talk under a noise bed, and the quiet
 * ends of words fell below the speech threshold: pauses inside sentences looked long enough to
 * end an utterance.
 */
const WINDOW_FRAMES = 200;
/** Below this (natural log of mean square, about -90 dBFS) a frame counts as digital silence. */
const LOWEST = Math.log(1e-9);

/**
 * The level of the background between words, learnt as the stream goes: the quietest 10 ms frame
 * of the last two seconds. It starts at the first frame, so a stream that opens mid-word finds no
 * speech until the first quieter frame (speech has them every syllable or so). Levels are natural
 * logs of frame mean square (see frameLogEnergy), 0 at full scale.
 */
export class NoiseFloor {
  /** Frame numbers and levels of the frames that can still become the minimum, levels rising. */
  readonly #frames: number[] = [];
  readonly #levels: number[] = [];
  #head = 0;
  #count = 0;

  /** The floor after this frame. */
  update(logEnergy: number): number {
    const energy = Math.max(LOWEST, logEnergy);
    const frame = this.#count;
    this.#count += 1;
    // A monotonic queue: a frame no quieter than a later one can never be the minimum again.
    while (this.#levels.length > this.#head && (this.#levels[this.#levels.length - 1] as number) >= energy) {
      this.#levels.pop();
      this.#frames.pop();
    }
    this.#levels.push(energy);
    this.#frames.push(frame);
    while ((this.#frames[this.#head] as number) <= frame - WINDOW_FRAMES) this.#head += 1;
    if (this.#head > WINDOW_FRAMES) {
      this.#levels.splice(0, this.#head);
      this.#frames.splice(0, this.#head);
      this.#head = 0;
    }
    return this.level;
  }

  get level(): number {
    return this.#levels[this.#head] ?? LOWEST;
  }
}
