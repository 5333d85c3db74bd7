import { frameLogEnergy, LoudnessGate } from './LoudnessGate.ts';

/** Where a {@link SpeechChunker} cuts a stream. */
export interface SpeechChunkerOptions {
  /** PCM rate in Hz (default 16000). */
  sampleRate?: number;
  /** A chunk is not cut at a pause before it holds this much audio (seconds, default 4). */
  minSeconds?: number;
  /** A chunk is cut at its quietest moment in the last 3 s when it reaches this length (seconds, default 30). */
  maxSeconds?: number;
  /** Silence that counts as a pause to cut at (seconds, default 0.4). */
  pauseSeconds?: number;
}

/** A piece of the stream, cut at a pause; `start` is in seconds from the start of the stream. */
export interface SpeechChunk {
  start: number;
  pcm: Int16Array;
  /** Whether any 10 ms frame of it was loud enough to be speech. */
  speech: boolean;
}

/** How far back from the maximum length a forced cut looks for the quietest frame (seconds). */
const FORCED_CUT_WINDOW = 3;

/**
 * Cuts a mono PCM stream into chunks at pauses, for recognisers that take whole pieces of audio
 * (a remote transcription endpoint) rather than a stream. Once a chunk holds `minSeconds`, it ends
 * as soon as a pause has lasted `pauseSeconds`, half-way into that silence (so the chunk is sent
 * without waiting for the pause to end); at `maxSeconds` it ends at its quietest 10 ms frame of the
 * last 3 s, so words are not split. Chunks laid end to end are the input, sample for
 * sample. Memory is bounded by `maxSeconds` of audio.
 */
export class SpeechChunker {
  readonly #rate: number;
  readonly #frame: number;
  readonly #minFrames: number;
  readonly #pauseFrames: number;
  readonly #buffer: Int16Array;
  #length = 0;
  /** Samples of the stream before the buffer's first sample. */
  #offset = 0;
  /** Log energy and speech flag of each complete frame in the buffer. */
  #energies: number[] = [];
  #speech: boolean[] = [];
  readonly #gate = new LoudnessGate();

  constructor(options: SpeechChunkerOptions = {}) {
    this.#rate = options.sampleRate ?? 16000;
    this.#frame = Math.max(1, Math.round(this.#rate / 100));
    const maxFrames = Math.max(2, Math.round((options.maxSeconds ?? 30) * 100));
    this.#minFrames = Math.min(maxFrames, Math.max(1, Math.round((options.minSeconds ?? 4) * 100)));
    this.#pauseFrames = Math.max(1, Math.round((options.pauseSeconds ?? 0.4) * 100));
    this.#buffer = new Int16Array(maxFrames * this.#frame);
  }

  /** Adds PCM; returns the chunks it completed, in order. */
  push(pcm: Int16Array): SpeechChunk[] {
    const out: SpeechChunk[] = [];
    let at = 0;
    while (at < pcm.length) {
      const take = Math.min(this.#buffer.length - this.#length, pcm.length - at);
      this.#buffer.set(pcm.subarray(at, at + take), this.#length);
      this.#length += take;
      at += take;
      this.#analyse(out);
      if (this.#length === this.#buffer.length) out.push(this.#cut(this.#quietestFrame() * this.#frame));
    }
    return out;
  }

  /** Ends the stream: the audio still held, as a last chunk (none when nothing is held). */
  flush(): SpeechChunk[] {
    if (this.#length === 0) return [];
    return [this.#cut(this.#length)];
  }

  /** Scores the frames completed since the last call and cuts at the first pause that qualifies. */
  #analyse(out: SpeechChunk[]): void {
    for (let f = this.#energies.length; (f + 1) * this.#frame <= this.#length; f = this.#energies.length) {
      const energy = frameLogEnergy(this.#buffer, f * this.#frame, this.#frame);
      this.#energies.push(energy);
      this.#speech.push(this.#gate.isLoud(energy));
      const frames = this.#energies.length;
      if (frames < this.#minFrames || !this.#speech.some(Boolean)) continue;
      let silent = 0;
      while (silent < frames && !this.#speech[frames - 1 - silent]) silent += 1;
      if (silent >= this.#pauseFrames) out.push(this.#cut((frames - Math.ceil(silent / 2)) * this.#frame));
    }
  }

  /** The frame index in the last FORCED_CUT_WINDOW seconds where the signal is quietest. */
  #quietestFrame(): number {
    const frames = this.#energies.length;
    const from = Math.max(1, frames - FORCED_CUT_WINDOW * 100);
    let best = frames;
    let bestEnergy = Number.POSITIVE_INFINITY;
    for (let f = from; f < frames; f += 1) {
      if ((this.#energies[f] as number) < bestEnergy) {
        bestEnergy = this.#energies[f] as number;
        best = f;
      }
    }
    return best;
  }

  /** Emits the first `samples` samples as a chunk and keeps the rest (frame-aligned). */
  #cut(samples: number): SpeechChunk {
    const frames = Math.floor(samples / this.#frame);
    const chunk: SpeechChunk = {
      start: this.#offset / this.#rate,
      pcm: this.#buffer.slice(0, samples),
      speech: this.#speech.slice(0, Math.ceil(samples / this.#frame)).some(Boolean),
    };
    this.#buffer.copyWithin(0, samples, this.#length);
    this.#length -= samples;
    this.#offset += samples;
    this.#energies = this.#energies.slice(frames);
    this.#speech = this.#speech.slice(frames);
    if (samples % this.#frame !== 0) {
      // Only the final flush cuts mid-frame, and it leaves nothing behind.
      this.#energies = [];
      this.#speech = [];
    }
    return chunk;
  }
}
