import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SynthesizedConversation,
  synthesizeConversation,
} from '../../scripts/fixtures/synthesizeConversation.ts';
import { tenMinuteMeeting } from '../../scripts/fixtures/tenMinuteMeeting.ts';
import { PocketsphinxRecognizer } from '../../src/engine/asr/PocketsphinxRecognizer.ts';
import type { Recognizer } from '../../src/engine/asr/Recognizer.ts';
import { RecognizerWorkerPool } from '../../src/engine/asr/RecognizerWorkerPool.ts';
import {
  type SpeechMessage,
  type SpeechToMessagesOptions,
  speechToMessages,
} from '../../src/engine/speechToMessages.ts';

const pool = new RecognizerWorkerPool(2);
const recognizer = new PocketsphinxRecognizer(pool);
let meeting: SynthesizedConversation;
beforeAll(async () => {
  meeting = await synthesizeConversation('sample-meeting');
});
afterAll(() => pool.close());

/** A recogniser that counts the streams it opens (one per piece). */
function counting(inner: PocketsphinxRecognizer): Recognizer & { opened: number } {
  const counter = {
    name: inner.name,
    piecewise: inner.piecewise,
    opened: 0,
    open: (options?: Parameters<Recognizer['open']>[0]) => {
      counter.opened += 1;
      return inner.open(options);
    },
    recognize: inner.recognize.bind(inner),
  };
  return counter;
}

/** Every word with its speaker, in order. */
const attributed = (messages: SpeechMessage[]) =>
  messages.flatMap((m) => m.words.map((w) => ({ word: w.word, speaker: m.speaker.name, start: w.start })));

/**
 * The same recording recognised as one stream and in pieces (short pieces, so a minute of audio
 * is cut): the same words with the same speakers, none lost or doubled (the two lists line up
 * word for word), and the same times to within two frames.
 */
async function expectSameInPieces(
  file: string,
  duration: number,
  options: SpeechToMessagesOptions,
  inPieces: Recognizer = recognizer,
  minPieceSeconds = 12,
): Promise<SpeechMessage[]> {
  const progress: number[] = [];
  const [whole, pieces] = await Promise.all([
    speechToMessages(file, { ...options, recognizer, pieces: { enabled: false } }),
    speechToMessages(file, {
      ...options,
      recognizer: inPieces,
      pieces: { minPieceSeconds },
      onProgress: (p) => {
        if (p.stage === 'recognizing') progress.push(p.recognizedSeconds);
      },
    }),
  ]);
  const a = attributed(whole);
  const b = attributed(pieces);
  expect(b.map(({ word, speaker }) => ({ word, speaker }))).toEqual(
    a.map(({ word, speaker }) => ({ word, speaker })),
  );
  const differing = b.filter((w, i) => !(Math.abs(w.start - (a[i]?.start ?? Number.NaN)) <= 0.02));
  expect(differing, 'words timed apart').toEqual([]);
  for (let i = 1; i < progress.length; i += 1)
    expect(progress[i] as number).toBeGreaterThanOrEqual(progress[i - 1] as number);
  expect(progress[progress.length - 1]).toBeCloseTo(duration, 0);
  return pieces;
}

describe('recognizeInPieces with pocketsphinx', () => {
  it('gives the words and speakers of one stream on a mono meeting with diarization', {
    timeout: 600_000,
  }, async () => {
    const messages = await expectSameInPieces(meeting.mixWav, meeting.duration, {
      enableSpeakerDiarization: true,
      diarizationSpeakerCount: meeting.script.speakers.length,
    });
    expect(messages.length).toBeGreaterThan(5);
  });

  it('gives the words of one stream per channel, with custom vocabulary', { timeout: 600_000 }, async () => {
    const names = meeting.script.speakers.map((s) => s.name);
    const messages = await expectSameInPieces(meeting.channelsWav, meeting.duration, {
      enableSeparateRecognitionPerChannel: true,
      channelMetadata: names.map((name, i) => ({ channel: i + 1, speaker: { name } })),
      customVocabulary: ['roadmap', 'quarterly review'],
    });
    expect(new Set(messages.map((m) => m.speaker.name))).toEqual(new Set(names));
  });

  it('gives the words and speakers of one stream on a long recording cut twice or more, pieces listening from its start', {
    timeout: 1_200_000,
  }, async () => {
    // Long enough that pieces whose streams start at their warm-up hear some words differently
    // from one stream minutes after a cut (41 of 1,750 words with one cut and a 30 s warm-up,
    // bench/asrPiecesDiff.ts): pocketsphinx's cepstral mean is rescaled on a schedule set by
    // where its stream began. Listening from the start of the recording gives each piece one
    // stream's state, wherever the cuts fall.
    const tenMinutes = await tenMinuteMeeting();
    const three = new RecognizerWorkerPool(3);
    try {
      const inPieces = counting(new PocketsphinxRecognizer(three));
      const messages = await expectSameInPieces(
        tenMinutes.mixWav,
        tenMinutes.duration,
        { enableSpeakerDiarization: true, diarizationSpeakerCount: tenMinutes.script.speakers.length },
        inPieces,
        60,
      );
      expect(inPieces.opened).toBeGreaterThanOrEqual(3);
      expect(messages.flatMap((m) => m.words).length).toBeGreaterThan(1500);
    } finally {
      await three.close();
    }
  });

  it('recognises telephone audio (8 kHz, phone mode) in pieces as one stream does', {
    timeout: 600_000,
  }, async () => {
    const phone = await synthesizeConversation('sample-meeting', { sampleRate: 8000 });
    const messages = await expectSameInPieces(phone.mixWav, phone.duration, { mode: 'phone' });
    expect(messages.length).toBeGreaterThan(5);
  });
});
