import { estimatePitch } from '../../audio/estimatePitch.ts';
import { frameLogEnergy } from '../../audio/LoudnessGate.ts';
import { NoiseFloor } from './NoiseFloor.ts';

/** A frame this far above the noise floor is speech (natural log of energy: about 12 dB). */
const SPEECH_ABOVE_FLOOR = Math.log(10 ** 1.2);
/** ...and no more than this far below the loudest recent frame (about 40 dB). */
const SPEECH_BELOW_PEAK = Math.log(10 ** 4);
/** Per-frame decay of the loudness reference (about 2 dB a second). */
const PEAK_DECAY = 0.005;
/** Pitch is measured over the last 40 ms: two periods of a 50 Hz voice. */
const PITCH_WINDOW_SECONDS = 0.04;
/** Voiced frames remembered, for the voice before a pause (2 s at 100 frames a second). */
const PITCH_MEMORY_FRAMES = 200;

/** A voiced 10 ms frame: its index in the stream and its fundamental frequency (Hz). */
export interface PitchPoint {
  frame: number;
  f0: number;
}

/**
 * Follows a PCM stream in 10 ms frames: which frames are speech (louder than the learnt noise
 * floor by a margin, and not far below the loudest recent frame), how long the silence since
 * the last speech frame is, and the pitch of the recent voiced frames.
 */
export class SpeechTracker {
  readonly #frame: number;
  readonly #window: Int16Array;
  readonly #floor = new NoiseFloor();
  #peak = Number.NEGATIVE_INFINITY;
  /** Samples of the current, incomplete frame (at the end of #window). */
  #partial = 0;
  #frames = 0;
  #lastSpeechFrame = -1;
  /** Index of the first frame of the current run of speech. */
  #runStart = -1;
  #previousRunEnd = -1;
  readonly #pitch: PitchPoint[] = [];

  constructor(readonly sampleRate = 16000) {
    this.#frame = Math.round(sampleRate / 100);
    this.#window = new Int16Array(Math.max(this.#frame, Math.round(sampleRate * PITCH_WINDOW_SECONDS)));
  }

  /** Frames seen so far. */
  get frames(): number {
    return this.#frames;
  }

  /** Index of the last speech frame, or -1 before any. */
  get lastSpeechFrame(): number {
    return this.#lastSpeechFrame;
  }

  /** Index of the first frame of the speech run going on or last ended, or -1 before any. */
  get runStart(): number {
    return this.#runStart;
  }

  /** Last speech frame before the current run, or -1. */
  get previousRunEnd(): number {
    return this.#previousRunEnd;
  }

  /** Frames of silence since the last speech frame (all frames before any speech). */
  get trailingSilenceFrames(): number {
    return this.#frames - 1 - this.#lastSpeechFrame;
  }

  /** Voiced frames of the last two seconds or so, oldest first. */
  get pitch(): readonly PitchPoint[] {
    return this.#pitch;
  }

  /** Frames of the stream; the rest of a frame is kept for the next call. */
  push(pcm: Int16Array): void {
    const frame = this.#frame;
    const window = this.#window;
    let at = 0;
    while (at < pcm.length) {
      const take = Math.min(frame - this.#partial, pcm.length - at);
      // The window slides left by what arrives, so its end always holds the newest samples.
      window.copyWithin(0, take);
      window.set(pcm.subarray(at, at + take), window.length - take);
      this.#partial += take;
      at += take;
      if (this.#partial === frame) {
        this.#partial = 0;
        this.#judge();
      }
    }
  }

  #judge(): void {
    const index = this.#frames;
    this.#frames += 1;
    const window = this.#window;
    const energy = frameLogEnergy(window, window.length - this.#frame, this.#frame);
    const floor = this.#floor.update(energy);
    this.#peak = Math.max(energy, this.#peak - PEAK_DECAY);
    const speech = energy > floor + SPEECH_ABOVE_FLOOR && energy > this.#peak - SPEECH_BELOW_PEAK;
    if (!speech) return;
    if (this.#lastSpeechFrame !== index - 1) {
      this.#previousRunEnd = this.#lastSpeechFrame;
      this.#runStart = index;
    }
    this.#lastSpeechFrame = index;
    const f0 = estimatePitch(window, this.sampleRate);
    if (f0 === undefined) return;
    this.#pitch.push({ frame: index, f0 });
    if (this.#pitch.length > PITCH_MEMORY_FRAMES) this.#pitch.shift();
  }
}
