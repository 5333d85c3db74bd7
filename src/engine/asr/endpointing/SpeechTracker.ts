import { estimatePitch } from '../../audio/estimatePitch.ts';
import { frameLogEnergy } from '../../audio/LoudnessGate.ts';
import { MfccExtractor } from '../../diarize/MfccExtractor.ts';
import { NoiseFloor } from './NoiseFloor.ts';

/**
 * A frame this far above the noise floor starts speech (natural log of energy: about 12 dB):
 * above what a steady noise reaches over its floor (frames of a pink-noise bed spread up to about
 * 9 dB over the running minimum the floor follows).
 */
const SPEECH_ABOVE_FLOOR = Math.log(10 ** 1.2);
/**
 * A frame right after a speech frame carries the speech on down to this far above the floor
 * (about 6 dB): the quiet ends of words, weak fricatives and stop closures sit between the noise
 * and the onset margin, and counting them as silence under noise made pauses inside sentences
 * look long enough to end an utterance or to judge a new voice. A noise frame reaches this only
 * one time in ten, so it does not carry a run on for more than a frame or two.
 */
const SPEECH_CONTINUES_ABOVE_FLOOR = Math.log(10 ** 0.6);
/** ...and no more than this far below the loudest recent frame (about 40 dB). */
const SPEECH_BELOW_PEAK = Math.log(10 ** 4);
/**
 * How fast the end of a word fades, per 10 ms frame, in natural log of energy (about 3 dB): the
 * frames of the fade that noise hides are counted back into the speech (maskedFrames).
 */
const FADE_PER_FRAME = Math.log(10 ** 0.3);
/** Per-frame decay of the loudness reference (about 2 dB a second). */
const PEAK_DECAY = 0.005;
/** Pitch is measured over the last 40 ms: two periods of a 50 Hz voice. */
const PITCH_WINDOW_SECONDS = 0.04;
/** Voiced frames remembered, for the voice before a pause (2 s at 100 frames a second). */
const VOICED_MEMORY_FRAMES = 200;

/**
 * A voiced 10 ms frame: its index in the stream, its fundamental frequency (Hz) and the shape of
 * its spectrum (mel cepstral coefficients c1-c12 of the 25 ms ending with it; c0, the level, is
 * left out so that how loud a voice is does not count).
 */
export interface VoicedFrame {
  frame: number;
  f0: number;
  cepstrum: Float32Array;
}

/**
 * Follows a PCM stream in 10 ms frames: which frames are speech (louder than the learnt noise
 * floor by a margin, and not far below the loudest recent frame), how long the silence since
 * the last speech frame is, and the pitch and spectrum shape of the recent voiced frames.
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
  readonly #voiced: VoicedFrame[] = [];
  readonly #mfcc: MfccExtractor;
  #cepstrum: Float32Array | undefined;

  constructor(readonly sampleRate = 16000) {
    this.#frame = Math.round(sampleRate / 100);
    this.#window = new Int16Array(Math.max(this.#frame, Math.round(sampleRate * PITCH_WINDOW_SECONDS)));
    this.#mfcc = new MfccExtractor(sampleRate);
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

  /**
   * Frames at the end of the last speech run that noise hid: without noise a word's fade counts
   * as speech down to 40 dB under the peak; under a noise floor only down to 6 dB above it, so a
   * pause looks longer by the frames the fade takes to fall between the two (none in quiet).
   * Pauses inside sentences under a noise bed looked long enough to end an utterance.
   */
  get maskedFrames(): number {
    const hidden = this.#floor.level + SPEECH_CONTINUES_ABOVE_FLOOR - (this.#peak - SPEECH_BELOW_PEAK);
    return hidden > 0 ? Math.round(hidden / FADE_PER_FRAME) : 0;
  }

  /** Frames of silence since the last speech frame (all frames before any speech). */
  get trailingSilenceFrames(): number {
    return this.#frames - 1 - this.#lastSpeechFrame;
  }

  /** Voiced frames of the last two seconds or so, oldest first. */
  get voiced(): readonly VoicedFrame[] {
    return this.#voiced;
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
    for (const f of this.#mfcc.push(window.subarray(window.length - this.#frame))) this.#cepstrum = f.mfcc;
    const floor = this.#floor.update(energy);
    this.#peak = Math.max(energy, this.#peak - PEAK_DECAY);
    const continuing = this.#lastSpeechFrame === index - 1;
    const onset = energy > floor + SPEECH_ABOVE_FLOOR;
    const speech =
      energy > this.#peak - SPEECH_BELOW_PEAK &&
      (onset || (continuing && energy > floor + SPEECH_CONTINUES_ABOVE_FLOOR));
    if (!speech) return;
    if (!continuing) {
      this.#previousRunEnd = this.#lastSpeechFrame;
      this.#runStart = index;
    }
    this.#lastSpeechFrame = index;
    // Pitch only where the voice stands clear of the noise: weak frames give octave errors.
    if (!onset) return;
    const f0 = estimatePitch(window, this.sampleRate);
    if (f0 === undefined || this.#cepstrum === undefined) return;
    this.#voiced.push({ frame: index, f0, cepstrum: this.#cepstrum.slice(1) });
    if (this.#voiced.length > VOICED_MEMORY_FRAMES) this.#voiced.shift();
  }
}
