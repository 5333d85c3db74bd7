import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpeechTracker } from '../../../../src/engine/asr/endpointing/SpeechTracker.ts';
import { concat, mix, noise, voiced } from '../../audio/voicedSignal.ts';

function push(tracker: SpeechTracker, pcm: Int16Array, block: number): void {
  for (let at = 0; at < pcm.length; at += block) tracker.push(pcm.subarray(at, at + block));
}

describe('SpeechTracker', () => {
  it('finds where speech stops and resumes, wherever the stream is cut into blocks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 80 }),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 1, max: 3000 }),
        (speechFrames, pauseFrames, block) => {
          const silence = (frames: number) => new Int16Array(frames * 160);
          const pcm = concat(
            silence(30),
            voiced(120, speechFrames / 100),
            silence(pauseFrames),
            voiced(120, 0.3),
            silence(17),
          );
          const tracker = new SpeechTracker();
          push(tracker, pcm, block);
          const resumed = 30 + speechFrames + pauseFrames;
          expect(tracker.frames).toBe(pcm.length / 160);
          expect(tracker.runStart).toBe(resumed);
          expect(tracker.previousRunEnd).toBe(30 + speechFrames - 1);
          expect(tracker.trailingSilenceFrames).toBe(17);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('learns a noise bed and still tells speech from it', () => {
    const bedLevel = -48;
    const gap = () => new Int16Array(0.4 * 16000);
    const pcm = concat(gap(), voiced(180, 0.8, 4000), gap(), voiced(180, 0.5, 4000));
    const tracker = new SpeechTracker();
    push(tracker, mix(pcm, noise(pcm.length / 16000, bedLevel, 7)), 800);
    expect(tracker.runStart).toBe(160);
    expect(tracker.previousRunEnd).toBe(119);
    expect(tracker.trailingSilenceFrames).toBe(0);
  });

  it('counts back the fade of a word that a noise bed hides, and nothing in quiet', () => {
    const gap = () => new Int16Array(0.4 * 16000);
    // Speech at about -25 dBFS: in quiet its fade counts down to 40 dB under that; over a -48 dBFS
    // bed only down to about -43 dBFS, some 22 dB (seven frames at 3 dB a frame) sooner.
    const pcm = concat(gap(), voiced(180, 0.8, 4000), gap());
    const quiet = new SpeechTracker();
    push(quiet, pcm, 800);
    expect(quiet.maskedFrames).toBe(0);
    const noisy = new SpeechTracker();
    push(noisy, mix(pcm, noise(pcm.length / 16000, -48, 7)), 800);
    expect(noisy.maskedFrames).toBeGreaterThanOrEqual(5);
    expect(noisy.maskedFrames).toBeLessThanOrEqual(9);
  });

  it('tracks the pitch of voiced frames', () => {
    const tracker = new SpeechTracker();
    push(tracker, concat(new Int16Array(1600), voiced(110, 0.5), voiced(210, 0.5)), 800);
    const early = tracker.voiced.filter((p) => p.frame >= 20 && p.frame < 55).map((p) => p.f0);
    const late = tracker.voiced.filter((p) => p.frame >= 70).map((p) => p.f0);
    expect(early.length).toBeGreaterThan(30);
    expect(late.length).toBeGreaterThan(30);
    for (const f of early) expect(f).toBeCloseTo(110, -1);
    for (const f of late) expect(f).toBeCloseTo(210, -1);
  });
});
