import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecognizedUtterance } from '../../src/engine/asr/RecognitionEvent.ts';
import { pcmToWav } from '../../src/engine/audio/pcmToWav.ts';
import { type RecognizeAudioSettings, recognizeAudio } from '../../src/engine/recognizeAudio.ts';
import { BurstRecognizer, type BurstRecognizerSettings, burst } from './asr/burstRecognizer.ts';

const RATE = 16000;

/** A stretch of a recording: a tone burst (a word) of some loudness, then silence. */
interface Stretch {
  soundMs: number;
  peak: number;
  silenceMs: number;
}

function recording(stretches: readonly Stretch[]): Uint8Array {
  const parts = stretches.flatMap((s) => [
    burst(Math.round((s.soundMs * RATE) / 1000), s.peak),
    new Int16Array(Math.round((s.silenceMs * RATE) / 1000)),
  ]);
  const pcm = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    pcm.set(p, at);
    at += p.length;
  }
  return pcmToWav(pcm, RATE);
}

const SETTINGS: BurstRecognizerSettings = {
  slots: 3,
  hangoverFrames: 50,
  maxUtteranceSeconds: 8,
  warmUpSeconds: 5,
};
/** A recogniser whose pieces listen from the start of the recording up to their warm-up. */
const LISTENING: BurstRecognizerSettings = { ...SETTINGS, warmUpSeconds: 8, listens: true };

function settings(
  recognizer: BurstRecognizer,
  pieces: RecognizeAudioSettings['pieces'],
  onProgress?: (seconds: number) => void,
): RecognizeAudioSettings {
  return {
    recognizer,
    options: {},
    sampleRate: RATE,
    layout: 'mono',
    adapt: false,
    pieces,
    ...(onProgress === undefined ? {} : { onProgress }),
  };
}

const words = (channels: RecognizedUtterance[][]) =>
  channels.map((utterances) => utterances.flatMap((u) => u.words));

/**
 * Speech-like stretches: words of 50-600 ms, gaps inside a sentence of 20-450 ms (some long
 * enough to cut at, shorter than the utterance hangover), and sentences ended by 0.5-2 s pauses,
 * so every few seconds the recogniser closes an utterance.
 */
const sentence = fc.array(
  fc.record({
    soundMs: fc.integer({ min: 50, max: 600 }),
    peak: fc.integer({ min: 1, max: 9 }).map((k) => k * 1000),
    silenceMs: fc.integer({ min: 20, max: 450 }),
  }),
  { minLength: 1, maxLength: 6 },
);
const conversation = fc
  .array(fc.tuple(sentence, fc.integer({ min: 500, max: 2000 })), { minLength: 10, maxLength: 40 })
  .map((sentences) =>
    sentences.flatMap(([stretches, pauseMs]) =>
      stretches.map((s, i) => (i === stretches.length - 1 ? { ...s, silenceMs: pauseMs } : s)),
    ),
  );

describe('recognizeAudio in pieces', () => {
  it('gives the words of one stream, with the same times, however the recording is cut', async () => {
    let split = 0;
    await fc.assert(
      fc.asyncProperty(
        conversation,
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 4, max: 12 }),
        fc.boolean(),
        async (stretches, slots, minPieceSeconds, listens) => {
          const wav = recording(stretches);
          const whole = await recognizeAudio(
            wav,
            settings(new BurstRecognizer({ ...SETTINGS, slots: 1 }), { enabled: false }),
          );
          const recognizer = new BurstRecognizer({ ...(listens ? LISTENING : SETTINGS), slots });
          const pieces = await recognizeAudio(wav, settings(recognizer, { enabled: true, minPieceSeconds }));
          expect(words(pieces)).toEqual(words(whole));
          expect(recognizer.mostOpen).toBeLessThanOrEqual(slots);
          if (recognizer.opened > 1) split += 1;
          expect(recognizer.open$).toBe(0);
          // Every utterance is one the whole stream made, or a cut-off tail of one.
          const texts = (whole[0] ?? []).map((u) => u.text).join(' ');
          for (const u of pieces[0] ?? []) expect(texts).toContain(u.text);
        },
      ),
      { numRuns: 60 },
    );
    // Most recordings are long enough to be cut at least once.
    expect(split).toBeGreaterThan(30);
  });

  it('splits a long recording over every slot and reports progress up to its length', async () => {
    const stretches = Array.from({ length: 120 }, (_, i) => ({
      soundMs: 300 + (i % 5) * 100,
      peak: ((i % 9) + 1) * 1000,
      silenceMs: i % 4 === 3 ? 900 : 150,
    }));
    const wav = recording(stretches);
    const seconds = (wav.length - 44) / 2 / RATE;
    const recognizer = new BurstRecognizer(SETTINGS);
    const progress: number[] = [];
    const pieces = await recognizeAudio(
      wav,
      settings(recognizer, { enabled: true, minPieceSeconds: 5 }, (s) => progress.push(s)),
    );
    const whole = await recognizeAudio(
      wav,
      settings(new BurstRecognizer({ ...SETTINGS, slots: 1 }), { enabled: false }),
    );
    expect(words(pieces)).toEqual(words(whole));
    expect(recognizer.opened).toBeGreaterThanOrEqual(3);
    expect(recognizer.mostOpen).toBe(3);
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i += 1)
      expect(progress[i] as number).toBeGreaterThanOrEqual(progress[i - 1] as number);
    expect(progress[progress.length - 1]).toBeCloseTo(seconds, 1);
  });

  it('recognises in pieces by default when the recogniser has more than one stream, else as one', async () => {
    // 2.6 minutes: long enough to cut into pieces of the default least length (a minute).
    const wav = recording(Array.from({ length: 120 }, () => ({ soundMs: 400, peak: 3000, silenceMs: 900 })));
    const opened = async (slots: number, pieces: RecognizeAudioSettings['pieces']) => {
      const recognizer = new BurstRecognizer({ ...SETTINGS, slots });
      await recognizeAudio(wav, settings(recognizer, pieces));
      return recognizer.opened;
    };
    expect(await opened(3, undefined)).toBeGreaterThan(1);
    expect(await opened(3, { minPieceSeconds: 5 })).toBeGreaterThan(1);
    expect(await opened(3, { enabled: false })).toBe(1);
    expect(await opened(1, undefined)).toBe(1);
  });

  it('starts every piece at the start of the recording, listening up to its warm-up, on a recogniser that listens', async () => {
    const wav = recording(Array.from({ length: 60 }, () => ({ soundMs: 400, peak: 3000, silenceMs: 900 })));
    const listening = new BurstRecognizer(LISTENING);
    await recognizeAudio(wav, settings(listening, { enabled: true, minPieceSeconds: 5 }));
    expect(listening.opened).toBeGreaterThan(1);
    const listened = listening.options.map((o) => o.listenOnlySeconds ?? 0);
    // The first piece starts at the start and recognises from there; the others listen first.
    expect(listened[0]).toBe(0);
    for (const seconds of listened.slice(1)) expect(seconds).toBeGreaterThan(0);
    // One stream, and pieces on a recogniser that cannot listen, are never asked to.
    for (const [recognizer, pieces] of [
      [new BurstRecognizer(LISTENING), { enabled: false }],
      [new BurstRecognizer(SETTINGS), { enabled: true, minPieceSeconds: 5 }],
    ] as const) {
      await recognizeAudio(wav, settings(recognizer, pieces));
      for (const options of recognizer.options) expect(options.listenOnlySeconds).toBeUndefined();
    }
  });

  it('recognises each channel of a stereo recording on its own', async () => {
    const left = recording(Array.from({ length: 30 }, () => ({ soundMs: 400, peak: 3000, silenceMs: 700 })));
    const pcm = new Int16Array((left.length - 44) / 2);
    pcm.set(new Int16Array(left.buffer.slice(44)));
    const stereo = new Int16Array(pcm.length * 2);
    for (let i = 0; i < pcm.length; i += 1) {
      stereo[2 * i] = pcm[i] as number;
      // The right channel speaks in the gaps, louder.
      stereo[2 * i + 1] = pcm[i] === 0 && i % 16000 < 4000 ? ((i % 2) * 2 - 1) * 7000 : 0;
    }
    const wav = pcmToWav(stereo, RATE);
    const view = new DataView(wav.buffer, wav.byteOffset);
    view.setUint16(22, 2, true);
    view.setUint32(28, RATE * 4, true);
    view.setUint16(32, 4, true);
    const separate = (recognizer: BurstRecognizer, pieces: RecognizeAudioSettings['pieces']) =>
      recognizeAudio(wav, { ...settings(recognizer, pieces), layout: 'separate' });
    const pieces = await separate(new BurstRecognizer(SETTINGS), { enabled: true, minPieceSeconds: 5 });
    const whole = await separate(new BurstRecognizer({ ...SETTINGS, slots: 1 }), { enabled: false });
    expect(pieces).toHaveLength(2);
    expect(words(pieces)).toEqual(words(whole));
    expect(new Set((pieces[0] ?? []).flatMap((u) => u.words.map((w) => w.word)))).toEqual(new Set(['w3']));
    expect(new Set((pieces[1] ?? []).flatMap((u) => u.words.map((w) => w.word)))).toEqual(new Set(['w7']));
  });
});
