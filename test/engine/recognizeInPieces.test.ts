import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SynthesizedConversation,
  synthesizeConversation,
} from '../../scripts/fixtures/synthesizeConversation.ts';
import { PocketsphinxRecognizer } from '../../src/engine/asr/PocketsphinxRecognizer.ts';
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

/** Every word with its speaker, in order. */
const attributed = (messages: SpeechMessage[]) =>
  messages.flatMap((m) => m.words.map((w) => ({ word: w.word, speaker: m.speaker.name, start: w.start })));

/**
 * The same recording recognised as one stream and in pieces (short pieces, so a minute of audio
 * is cut): the same words with the same speakers; times agree to within two frames.
 */
async function expectSameInPieces(file: string, options: SpeechToMessagesOptions): Promise<SpeechMessage[]> {
  const progress: number[] = [];
  const [whole, pieces] = await Promise.all([
    speechToMessages(file, { ...options, recognizer, pieces: { enabled: false } }),
    speechToMessages(file, {
      ...options,
      recognizer,
      pieces: { enabled: true, minPieceSeconds: 12 },
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
  for (const [i, w] of b.entries())
    expect(Math.abs(w.start - (a[i]?.start ?? Number.NaN))).toBeLessThanOrEqual(0.02);
  expect(progress[progress.length - 1]).toBeCloseTo(meeting.duration, 0);
  return pieces;
}

describe('recognizeInPieces with pocketsphinx', () => {
  it('gives the words and speakers of one stream on a mono meeting with diarization', {
    timeout: 600_000,
  }, async () => {
    const messages = await expectSameInPieces(meeting.mixWav, {
      enableSpeakerDiarization: true,
      diarizationSpeakerCount: meeting.script.speakers.length,
    });
    expect(messages.length).toBeGreaterThan(5);
  });

  it('gives the words of one stream per channel, with custom vocabulary', { timeout: 600_000 }, async () => {
    const names = meeting.script.speakers.map((s) => s.name);
    const messages = await expectSameInPieces(meeting.channelsWav, {
      enableSeparateRecognitionPerChannel: true,
      channelMetadata: names.map((name, i) => ({ channel: i + 1, speaker: { name } })),
      customVocabulary: ['roadmap', 'quarterly review'],
    });
    expect(new Set(messages.map((m) => m.speaker.name))).toEqual(new Set(names));
  });
});
