import { frameLogEnergy, LoudnessGate } from './LoudnessGate.ts';

/** A pause between stretches of sound: its middle and its length, in samples from the start of the stream. */
export interface Pause {
  middle: number;
  length: number;
}

/**
 * Finds the pauses of a PCM stream as it goes by (10 ms frames, judged by a {@link LoudnessGate}):
 * every silence of at least `minSeconds` between two loud frames, so a recording can be cut
 * where nobody speaks. Keeps only the list of pauses (a few per minute of speech).
 */
export class PauseFinder {
  readonly #frame: number;
  readonly #minFrames: number;
  readonly #gate = new LoudnessGate();
  readonly #pauses: Pause[] = [];
  /** Samples of the current, incomplete frame. */
  readonly #partial: Int16Array;
  #partialLength = 0;
  #frames = 0;
  #heardSound = false;
  /** Frame index where the current run of silent frames began, if one is running. */
  #silentSince: number | undefined;

  constructor(sampleRate = 16000, minSeconds = 0.3) {
    this.#frame = Math.max(1, Math.round(sampleRate / 100));
    this.#minFrames = Math.max(1, Math.round(minSeconds * 100));
    this.#partial = new Int16Array(this.#frame);
  }

  /** Pauses found so far, in order. */
  get pauses(): readonly Pause[] {
    return this.#pauses;
  }

  push(pcm: Int16Array): void {
    let at = 0;
    if (this.#partialLength > 0) {
      const take = Math.min(this.#frame - this.#partialLength, pcm.length);
      this.#partial.set(pcm.subarray(0, take), this.#partialLength);
      this.#partialLength += take;
      at = take;
      if (this.#partialLength < this.#frame) return;
      this.#judge(frameLogEnergy(this.#partial, 0, this.#frame));
      this.#partialLength = 0;
    }
    for (; at + this.#frame <= pcm.length; at += this.#frame)
      this.#judge(frameLogEnergy(pcm, at, this.#frame));
    this.#partial.set(pcm.subarray(at));
    this.#partialLength = pcm.length - at;
  }

  #judge(energy: number): void {
    const frame = this.#frames;
    this.#frames += 1;
    if (!this.#gate.isLoud(energy)) {
      this.#silentSince ??= frame;
      return;
    }
    const since = this.#silentSince;
    this.#silentSince = undefined;
    if (since !== undefined && this.#heardSound && frame - since >= this.#minFrames) {
      this.#pauses.push({
        middle: Math.round((since + frame) / 2) * this.#frame,
        length: (frame - since) * this.#frame,
      });
    }
    this.#heardSound = true;
  }
}
