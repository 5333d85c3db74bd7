import { MFCC_COEFFICIENTS, MfccExtractor, type MfccFrame } from './MfccExtractor.ts';

/** Frames below the loudest recent frame by more than this (natural log of energy, ~26 dB) are pauses. */
const SPEECH_RANGE = 6;
/** Absolute floor of frame log energy counted as speech (about -66 dBFS). */
const ENERGY_FLOOR = Math.log(400 * 1e-7);
/** Per-frame decay of the running loudness reference, so a loud moment does not mute the rest. */
const PEAK_DECAY = 0.002;
/** A pause this long (frames) ends a segment; speaker changes are assumed to happen at pauses. */
const PAUSE_FRAMES = 20;
/** Longest segment (frames): long monologues are described piecewise. */
const MAX_SEGMENT_FRAMES = 150;
/**
 * Fewest speech frames a segment needs to be described on its own: shorter ones give noisy
 * descriptions that clustering mistakes for extra speakers. A short piece right after a
 * described segment (the tail of a cut monologue) extends that segment instead.
 */
const MIN_SPEECH_FRAMES = 50;
/** Gap (seconds) within which a short piece still counts as the tail of the previous segment. */
const TAIL_GAP = 0.3;

/** A speaker description of one stretch of speech: mean and deviation of MFCC 1-12. */
export interface SpeakerWindow {
  start: number;
  end: number;
  features: Float32Array;
}

/**
 * Turns a PCM stream into described speech segments as it goes: speech is cut at pauses of
 * 200 ms (and every 1.5 s), and each piece is summarised by 24 numbers, so memory grows by
 * about 100 bytes per second of speech whatever the input length.
 */
export class SpeakerFeatureCollector {
  private readonly mfcc: MfccExtractor;
  private segment: MfccFrame[] = [];
  private silentRun = 0;
  private peak = Number.NEGATIVE_INFINITY;
  readonly windows: SpeakerWindow[] = [];

  constructor(sampleRate = 16000) {
    this.mfcc = new MfccExtractor(sampleRate);
  }

  push(pcm: Int16Array): void {
    for (const frame of this.mfcc.push(pcm)) {
      this.peak = Math.max(frame.logEnergy, this.peak - PEAK_DECAY);
      const speech = frame.logEnergy > Math.max(ENERGY_FLOOR, this.peak - SPEECH_RANGE);
      if (speech) {
        this.segment.push(frame);
        this.silentRun = 0;
        if (this.segment.length >= MAX_SEGMENT_FRAMES) this.close();
      } else {
        this.silentRun += 1;
        if (this.silentRun >= PAUSE_FRAMES) this.close();
      }
    }
  }

  /** Describes the segment in progress; call once at end of stream. */
  finish(): SpeakerWindow[] {
    this.close();
    return this.windows;
  }

  private close(): void {
    const speech = this.segment;
    this.segment = [];
    if (speech.length === 0) return;
    if (speech.length < MIN_SPEECH_FRAMES) {
      const previous = this.windows[this.windows.length - 1];
      const first = (speech[0] as MfccFrame).time;
      if (previous && first - previous.end <= TAIL_GAP)
        previous.end = (speech[speech.length - 1] as MfccFrame).time + 0.0125;
      return;
    }
    const dims = MFCC_COEFFICIENTS - 1;
    const features = new Float32Array(dims * 2);
    for (const f of speech)
      for (let d = 0; d < dims; d += 1) features[d] = (features[d] as number) + (f.mfcc[d + 1] as number);
    for (let d = 0; d < dims; d += 1) features[d] = (features[d] as number) / speech.length;
    for (const f of speech) {
      for (let d = 0; d < dims; d += 1) {
        features[dims + d] =
          (features[dims + d] as number) + ((f.mfcc[d + 1] as number) - (features[d] as number)) ** 2;
      }
    }
    for (let d = 0; d < dims; d += 1)
      features[dims + d] = Math.sqrt((features[dims + d] as number) / speech.length);
    const first = speech[0] as MfccFrame;
    const last = speech[speech.length - 1] as MfccFrame;
    this.windows.push({ start: first.time - 0.0125, end: last.time + 0.0125, features });
  }
}
