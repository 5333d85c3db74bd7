import { describe, expect, it } from 'vitest';
import { Endpointer } from '../../../../src/engine/asr/endpointing/Endpointer.ts';
import { DEFAULT_ENDPOINTING } from '../../../../src/engine/asr/endpointing/EndpointingSettings.ts';
import type { UtteranceEndCues } from '../../../../src/engine/asr/endpointing/requiredHangover.ts';
import { concat, voiced, vowels } from '../../audio/voicedSignal.ts';

const BLOCK = 800;
const finished: UtteranceEndCues = { words: ['by', 'friday'], sentenceEndLog10: -0.5 };
const unfinished: UtteranceEndCues = { words: ['went', 'to', 'the'], sentenceEndLog10: -3 };
const silence = (seconds: number) => new Int16Array(Math.round(seconds * 16000));

/** Seconds of silence after the speech at which the endpointer first said the utterance is over. */
function endsAfter(cues: UtteranceEndCues): number | undefined {
  const endpointer = new Endpointer(DEFAULT_ENDPOINTING);
  endpointer.utteranceStarted();
  const speech = concat(silence(0.3), voiced(150, 1));
  const pcm = concat(speech, silence(1));
  for (let at = 0; at < pcm.length; at += BLOCK) {
    endpointer.push(pcm.subarray(at, at + BLOCK));
    if (endpointer.isOver(() => cues)) return (at + BLOCK - speech.length) / 16000;
  }
  return undefined;
}

/** A voice: its pitch (Hz) and the length of its vocal tract against a man's (above 1: shorter). */
interface Voice {
  f0: number;
  tract?: number;
}

/**
 * Feeds vowels in one voice, a pause and vowels in another (starting on another vowel); returns
 * the verdict on the resumed voice and when it came.
 */
function judgeResumed(first: Voice | number, second: Voice | number, pauseSeconds: number) {
  const [a, b] = [first, second].map((v) => (typeof v === 'number' ? { f0: v } : v)) as [Voice, Voice];
  const endpointer = new Endpointer(DEFAULT_ENDPOINTING);
  endpointer.utteranceStarted();
  const before = concat(silence(0.3), vowels(a.f0, 1, a.tract), silence(pauseSeconds));
  const pcm = concat(before, vowels(b.f0, 0.5, b.tract, 3));
  let holding = false;
  for (let at = 0; at < pcm.length; at += BLOCK) {
    endpointer.push(pcm.subarray(at, at + BLOCK));
    holding ||= endpointer.shouldHold();
    if (!holding) continue;
    const verdict = endpointer.resumedVoice();
    if (verdict !== 'undecided') return { verdict, after: (at + BLOCK - before.length) / 16000 };
  }
  return { verdict: holding ? 'undecided' : 'not held', after: undefined };
}

describe('Endpointer', () => {
  it('ends a finished-looking utterance after the short hangover and an unfinished one after the long', () => {
    const short = endsAfter(finished) as number;
    const long = endsAfter(unfinished) as number;
    expect(short).toBeGreaterThanOrEqual(DEFAULT_ENDPOINTING.shortHangoverSeconds);
    expect(short).toBeLessThan(DEFAULT_ENDPOINTING.shortHangoverSeconds + 0.06);
    expect(long).toBeGreaterThanOrEqual(DEFAULT_ENDPOINTING.longHangoverSeconds);
    expect(long).toBeLessThan(DEFAULT_ENDPOINTING.longHangoverSeconds + 0.06);
  });

  it('asks for the cues once per pause, and not before the short hangover', () => {
    const endpointer = new Endpointer(DEFAULT_ENDPOINTING);
    endpointer.utteranceStarted();
    let asked = 0;
    const pcm = concat(silence(0.3), voiced(150, 0.5), silence(0.1), voiced(150, 0.5), silence(0.3));
    for (let at = 0; at < pcm.length; at += BLOCK) {
      endpointer.push(pcm.subarray(at, at + BLOCK));
      endpointer.isOver(() => {
        asked += 1;
        return unfinished;
      });
    }
    expect(asked).toBe(1);
  });

  it('does not end an utterance that has heard no speech', () => {
    const endpointer = new Endpointer(DEFAULT_ENDPOINTING);
    endpointer.utteranceStarted();
    endpointer.push(silence(2));
    expect(endpointer.isOver(() => finished)).toBe(false);
  });

  it('holds speech resuming after a pause and calls a clearly different voice new within the check time', () => {
    const changed = judgeResumed(190, 100, 0.2);
    expect(changed.verdict).toBe('new');
    expect(changed.after as number).toBeLessThanOrEqual(0.2 + DEFAULT_ENDPOINTING.voiceCheckSeconds + 0.05);
    expect(judgeResumed(100, 190, 0.15).verdict).toBe('new');
    expect(judgeResumed(120, 125, 0.2).verdict).toBe('same');
  });

  it('tells two voices of one pitch apart by the shape of their spectrum', () => {
    const changed = judgeResumed({ f0: 120 }, { f0: 120, tract: 1.2 }, 0.2);
    expect(changed.verdict).toBe('new');
    expect(changed.after as number).toBeLessThanOrEqual(0.2 + DEFAULT_ENDPOINTING.voiceCheckSeconds + 0.05);
    expect(judgeResumed({ f0: 200, tract: 1.2 }, { f0: 200 }, 0.25).verdict).toBe('new');
    expect(judgeResumed({ f0: 120, tract: 1.1 }, { f0: 120, tract: 1.1 }, 0.2).verdict).toBe('same');
  });

  it('does not hold speech after a gap too short to be a change of speaker, nor when asked not to', () => {
    expect(judgeResumed(190, 100, 0.03).verdict).toBe('not held');
    const endpointer = new Endpointer({ ...DEFAULT_ENDPOINTING, speakerChange: false });
    endpointer.utteranceStarted();
    const pcm = concat(silence(0.3), voiced(190, 1), silence(0.2), voiced(100, 0.5));
    for (let at = 0; at < pcm.length; at += BLOCK) {
      endpointer.push(pcm.subarray(at, at + BLOCK));
      expect(endpointer.shouldHold()).toBe(false);
    }
  });
});
