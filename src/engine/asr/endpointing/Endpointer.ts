import type { ResolvedEndpointingSettings } from './EndpointingSettings.ts';
import { isDifferentVoice } from './isDifferentVoice.ts';
import { requiredHangover, type UtteranceEndCues } from './requiredHangover.ts';
import { SpeechTracker } from './SpeechTracker.ts';

/** A pause shorter than this (seconds) is a gap between sounds, not a possible change of speaker. */
const MIN_SPEAKER_PAUSE = 0.08;
/**
 * Voice before a pause: the voiced frames of the utterance in the two seconds before it, so the
 * low pitch that ends a sentence does not stand for the whole voice. (Four seconds told voices
 * apart a little better by their spectra, but cut more sentences under noise on the tuning fixtures.)
 */
const VOICE_BEFORE_FRAMES = 200;

/** What to do with speech that resumed after a pause, once judged. */
export type ResumedVoice = 'undecided' | 'same' | 'new';

/**
 * Decides when a live utterance is over, from the audio the decoder is given (10 ms frames, see
 * SpeechTracker) and what the decoder knows of the words:
 * - after speech stops, the utterance ends once the silence reaches a hangover that depends on
 *   how finished it looks (requiredHangover);
 * - when speech resumes after a short pause within the utterance, the decoder holds the new
 *   audio back until the voice is judged; a different voice ends the utterance at the pause.
 * Frame numbers count from the start of the stream.
 */
export class Endpointer {
  readonly #settings: ResolvedEndpointingSettings;
  readonly #tracker: SpeechTracker;
  /** First frame of the current utterance. */
  #utteranceStart = 0;
  /** The last speech frame the cached hangover was worked out for, and that hangover. */
  #judgedAt = -1;
  #hangover = 0;

  constructor(settings: ResolvedEndpointingSettings, sampleRate = 16000) {
    this.#settings = settings;
    this.#tracker = new SpeechTracker(sampleRate);
  }

  /** Audio in stream order, before it is given to the recogniser. */
  push(pcm: Int16Array): void {
    this.#tracker.push(pcm);
  }

  /** The recogniser started a new utterance with the audio after what was pushed so far, minus `heldFrames`. */
  utteranceStarted(heldFrames = 0): void {
    this.#utteranceStart = this.#tracker.frames - heldFrames;
    this.#judgedAt = -1;
  }

  /** Whether the current utterance has heard speech. */
  get heardSpeech(): boolean {
    return this.#tracker.lastSpeechFrame >= this.#utteranceStart;
  }

  /**
   * Whether the utterance is over: the silence since its last speech has reached the hangover for
   * its cues, asked of `cues()` at most once per pause and only once the short hangover has passed.
   */
  isOver(cues: () => UtteranceEndCues): boolean {
    if (!this.heardSpeech) return false;
    // Under noise the fade of the last word is heard as silence; it is not part of the pause.
    const silence = Math.max(0, this.#tracker.trailingSilenceFrames - this.#tracker.maskedFrames) / 100;
    if (silence < this.#settings.shortHangoverSeconds) return false;
    const last = this.#tracker.lastSpeechFrame;
    if (this.#judgedAt !== last) {
      this.#judgedAt = last;
      this.#hangover = requiredHangover(cues(), this.#settings);
    }
    return silence >= this.#hangover - 1e-9;
  }

  /**
   * Whether the audio just pushed resumes speech after a pause within the utterance that could
   * be a change of speaker: the decoder should hold it back and ask `resumedVoice()`.
   */
  shouldHold(): boolean {
    if (!this.#settings.speakerChange) return false;
    const tracker = this.#tracker;
    const run = tracker.runStart;
    if (tracker.trailingSilenceFrames !== 0 || run <= this.#utteranceStart) return false;
    // The run began in the audio just pushed (at most a block ago) after a long enough pause.
    const pauseStart = this.#pauseStart(run);
    return pauseStart !== undefined && (run - pauseStart) / 100 >= MIN_SPEAKER_PAUSE;
  }

  /** Judges held speech: a new voice, the same one, or not yet known (hold on). */
  resumedVoice(): ResumedVoice {
    const tracker = this.#tracker;
    const run = tracker.runStart;
    const pauseStart = this.#pauseStart(run) ?? run;
    const before = tracker.voiced.filter(
      (p) =>
        p.frame < pauseStart && p.frame >= Math.max(this.#utteranceStart, pauseStart - VOICE_BEFORE_FRAMES),
    );
    const after = tracker.voiced.filter((p) => p.frame >= run);
    const checked = (tracker.frames - run) / 100 >= this.#settings.voiceCheckSeconds;
    const verdict = isDifferentVoice(before, after, checked);
    if (verdict === true) return 'new';
    if (verdict === false) return 'same';
    return checked ? 'same' : 'undecided';
  }

  /** Frame just after the speech that preceded the run starting at `run`, if it was in this utterance. */
  #pauseStart(run: number): number | undefined {
    const previous = this.#tracker.previousRunEnd;
    return previous >= this.#utteranceStart && previous < run ? previous + 1 : undefined;
  }
}
