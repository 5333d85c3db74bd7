import { clusterSpeakers } from './clusterSpeakers.ts';
import { detectSpeech, type SpeechDetectionOptions } from './detectSpeech.ts';
import { MFCC_COEFFICIENTS, MfccExtractor } from './MfccExtractor.ts';
import { type ResegmentationOptions, resegmentSpeakers } from './resegmentSpeakers.ts';

/** A stretch of one speaker's speech, seconds from the start of the stream. */
export interface SpeakerTurn {
  speaker: number;
  start: number;
  end: number;
}

/** Tuning of {@link SpeakerDiarizer}; every default was chosen on the AMI training clips. */
export interface SpeakerDiarizerOptions {
  speech?: SpeechDetectionOptions;
  resegmentation?: ResegmentationOptions | false;
  /** Weight of the model-size penalty when the speaker count is estimated (BIC's lambda). */
  countPenalty?: number;
  /** Clustering window and hop over speech, in frames (10 ms). */
  window?: number;
  hop?: number;
}

/** Cepstra kept per frame (c1-c12; c0 is level, which says more about the microphone than the voice). */
const DIMS = MFCC_COEFFICIENTS - 1;
/** Stored cepstra are 16-bit fixed point: this many steps per unit (MFCCs stay well inside ±60). */
const SCALE = 500;
/** Frames of stored cepstra per block. */
const BLOCK_FRAMES = 6000;
/** Speech runs shorter than this (frames) are not clustered on their own; resegmentation labels them. */
const MIN_RUN = 30;
/** Seconds between frames. */
const FRAME_SECONDS = 0.01;

/**
 * Who spoke when in a mono recording. Streams: each 10 ms frame's log energy and 12 cepstra are
 * kept (28 bytes a frame, about 10 MB an hour), and the work happens at the end, over the whole
 * recording. Speech is found relative to the recording's own noise floor (detectSpeech); the
 * cepstra are normalised per recording (mean and variance), so level and channel matter less;
 * speech is described in overlapping 1.5 s windows, which are clustered (clusterSpeakers, with
 * the count given or estimated); then every speech frame is relabelled by per-speaker Gaussian
 * mixtures with a Viterbi switch penalty (resegmentSpeakers), so turns end where voices change.
 */
export class SpeakerDiarizer {
  readonly #mfcc: MfccExtractor;
  readonly #options: SpeakerDiarizerOptions;
  #energies = new Float32Array(BLOCK_FRAMES);
  readonly #blocks: Int16Array[] = [];
  #frames = 0;

  constructor(sampleRate = 16000, options: SpeakerDiarizerOptions = {}) {
    this.#mfcc = new MfccExtractor(sampleRate);
    this.#options = options;
  }

  push(pcm: Int16Array): void {
    for (const frame of this.#mfcc.push(pcm)) {
      const index = this.#frames;
      if (index >= this.#energies.length) {
        const grown = new Float32Array(this.#energies.length * 2);
        grown.set(this.#energies);
        this.#energies = grown;
      }
      this.#energies[index] = frame.logEnergy;
      const blockIndex = Math.floor(index / BLOCK_FRAMES);
      if (blockIndex === this.#blocks.length) this.#blocks.push(new Int16Array(BLOCK_FRAMES * DIMS));
      const block = this.#blocks[blockIndex] as Int16Array;
      const at = (index % BLOCK_FRAMES) * DIMS;
      for (let d = 0; d < DIMS; d += 1) {
        const v = Math.round((frame.mfcc[d + 1] as number) * SCALE);
        block[at + d] = Math.min(32767, Math.max(-32768, v));
      }
      this.#frames += 1;
    }
  }

  /** Seconds of audio seen so far. */
  get seconds(): number {
    return this.#frames * FRAME_SECONDS;
  }

  /**
   * Ends the stream and returns the speaker turns in time order, speakers numbered by first
   * appearance. `speakerCount` fixes the number of speakers; without it the count is estimated.
   */
  finish(speakerCount?: number): SpeakerTurn[] {
    const frames = this.#frames;
    const speech = detectSpeech(this.#energies.subarray(0, frames), this.#options.speech);
    const { mean, scale } = this.#normalisation(speech);
    const frame = (i: number, out: Float64Array): void => {
      const block = this.#blocks[Math.floor(i / BLOCK_FRAMES)] as Int16Array;
      const at = (i % BLOCK_FRAMES) * DIMS;
      for (let d = 0; d < DIMS; d += 1)
        out[d] = ((block[at + d] as number) / SCALE - (mean[d] as number)) * (scale[d] as number);
    };
    const windows = this.#windows(speech, frame);
    if (windows.length === 0) return [];
    const vectors = windows.map((w) => w.features);
    const windowLabels =
      speakerCount === undefined
        ? estimateSpeakers(vectors, this.#options.countPenalty ?? 1.5)
        : clusterSpeakers(vectors, speakerCount);
    const speakers = Math.max(...windowLabels) + 1;
    // Each speech frame starts with the label of the window whose centre is nearest.
    let labels: Int32Array = new Int32Array(frames).fill(-1);
    let w = 0;
    for (let i = 0; i < frames; i += 1) {
      if (speech[i] !== 1) continue;
      while (
        w + 1 < windows.length &&
        Math.abs((windows[w + 1] as Window).centre - i) <= Math.abs((windows[w] as Window).centre - i)
      )
        w += 1;
      labels[i] = windowLabels[w] as number;
    }
    if (this.#options.resegmentation !== false)
      labels = resegmentSpeakers(frame, DIMS, labels, speakers, this.#options.resegmentation);
    return turnsOf(labels);
  }

  /** Mean and inverse deviation of each cepstrum over speech frames (all frames if none). */
  #normalisation(speech: Uint8Array): { mean: Float64Array; scale: Float64Array } {
    const mean = new Float64Array(DIMS);
    const square = new Float64Array(DIMS);
    let n = 0;
    const anySpeech = speech.includes(1);
    const x = new Float64Array(DIMS);
    for (let i = 0; i < this.#frames; i += 1) {
      if (anySpeech && speech[i] !== 1) continue;
      const block = this.#blocks[Math.floor(i / BLOCK_FRAMES)] as Int16Array;
      const at = (i % BLOCK_FRAMES) * DIMS;
      for (let d = 0; d < DIMS; d += 1) {
        x[d] = (block[at + d] as number) / SCALE;
        mean[d] = (mean[d] as number) + (x[d] as number);
        square[d] = (square[d] as number) + (x[d] as number) ** 2;
      }
      n += 1;
    }
    const scale = new Float64Array(DIMS).fill(1);
    if (n === 0) return { mean, scale };
    for (let d = 0; d < DIMS; d += 1) {
      mean[d] = (mean[d] as number) / n;
      const variance = (square[d] as number) / n - (mean[d] as number) ** 2;
      scale[d] = variance > 1e-9 ? 1 / Math.sqrt(variance) : 1;
    }
    return { mean, scale };
  }

  /** Overlapping windows over each speech run, described by mean and deviation of the cepstra. */
  #windows(speech: Uint8Array, frame: (i: number, out: Float64Array) => void): Window[] {
    const size = this.#options.window ?? 150;
    const hop = this.#options.hop ?? 75;
    const windows: Window[] = [];
    const x = new Float64Array(DIMS);
    const describe = (from: number, to: number): void => {
      const features = new Float32Array(DIMS * 2);
      const n = to - from;
      const sum = new Float64Array(DIMS);
      const square = new Float64Array(DIMS);
      for (let i = from; i < to; i += 1) {
        frame(i, x);
        for (let d = 0; d < DIMS; d += 1) {
          sum[d] = (sum[d] as number) + (x[d] as number);
          square[d] = (square[d] as number) + (x[d] as number) ** 2;
        }
      }
      for (let d = 0; d < DIMS; d += 1) {
        const mu = (sum[d] as number) / n;
        features[d] = mu;
        features[DIMS + d] = Math.sqrt(Math.max(0, (square[d] as number) / n - mu * mu));
      }
      windows.push({ centre: (from + to) / 2, features });
    };
    let i = 0;
    while (i < speech.length) {
      if (speech[i] !== 1) {
        i += 1;
        continue;
      }
      let j = i;
      while (j < speech.length && speech[j] === 1) j += 1;
      if (j - i >= MIN_RUN) {
        if (j - i <= size) describe(i, j);
        else {
          let from = i;
          for (; from + size <= j; from += hop) describe(from, from + size);
          if (from < j && j - from > hop) describe(j - size, j);
        }
      }
      i = j;
    }
    return windows;
  }
}

/** Most speakers an estimate may find. */
const MAX_SPEAKERS = 8;

/**
 * Clusters with the count that maximises the Bayesian information criterion of a diagonal
 * Gaussian per speaker over the window descriptions: each extra speaker must explain the windows
 * better by more than `penalty` times its parameters' cost. Silhouette-based choices over-counted
 * on short real recordings (8 speakers for 2); this does not reward splitting one voice.
 */
function estimateSpeakers(vectors: readonly Float32Array[], penalty: number): number[] {
  const n = vectors.length;
  const dims = vectors[0]?.length ?? 0;
  let best: number[] = new Array<number>(n).fill(0);
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let k = 1; k <= Math.min(MAX_SPEAKERS, n); k += 1) {
    const labels = k === 1 ? new Array<number>(n).fill(0) : clusterSpeakers(vectors, k);
    let score = -penalty * 0.5 * k * 2 * dims * Math.log(n);
    for (let c = 0; c < k; c += 1) {
      const members = vectors.filter((_, i) => labels[i] === c);
      if (members.length === 0) continue;
      for (let d = 0; d < dims; d += 1) {
        let sum = 0;
        let square = 0;
        for (const v of members) {
          sum += v[d] as number;
          square += (v[d] as number) ** 2;
        }
        const mean = sum / members.length;
        const variance = Math.max(1e-4, square / members.length - mean * mean);
        score -= 0.5 * members.length * Math.log(variance);
      }
    }
    if (score > bestScore) {
      bestScore = score;
      best = labels;
    }
  }
  return best;
}

interface Window {
  /** Frame index of the window's middle. */
  centre: number;
  features: Float32Array;
}

/** Runs of equal labels as turns (label -1 is not speech), speakers renumbered by first appearance. */
function turnsOf(labels: Int32Array): SpeakerTurn[] {
  const order = new Map<number, number>();
  const turns: SpeakerTurn[] = [];
  let i = 0;
  while (i < labels.length) {
    const label = labels[i] as number;
    let j = i;
    while (j < labels.length && labels[j] === label) j += 1;
    if (label >= 0) {
      if (!order.has(label)) order.set(label, order.size);
      turns.push({
        speaker: order.get(label) as number,
        start: Math.round(i * FRAME_SECONDS * 1000) / 1000,
        end: Math.round(j * FRAME_SECONDS * 1000) / 1000,
      });
    }
    i = j;
  }
  return turns;
}
