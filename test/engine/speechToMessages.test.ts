import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PocketsphinxRecognizer } from '../../src/engine/asr/PocketsphinxRecognizer.ts';
import { RecognizerWorkerPool } from '../../src/engine/asr/RecognizerWorkerPool.ts';
import { wordErrorRate } from '../../src/engine/asr/wordErrorRate.ts';
import { speakerAttribution } from '../../src/engine/diarize/speakerAttribution.ts';
import { type SpeechMessage, speechToMessages } from '../../src/engine/speechToMessages.ts';
import { UnsupportedMediaError } from '../../src/errors/UnsupportedMediaError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { MP4_VIDEO_ARGS, type SpeechFixture, synthesizeLines, transcode } from './asr/speechFixture.ts';

const LINES = [
  { voice: 'rms', text: 'Let us review the budget for next quarter.' },
  { voice: 'slt', text: 'I think we should reduce the marketing spend.' },
  { voice: 'rms', text: 'Can you send me the report by Friday?' },
  { voice: 'slt', text: 'Yes, I will send the report on Thursday.' },
] as const;

const pool = new RecognizerWorkerPool(2);
const recognizer = new PocketsphinxRecognizer(pool);
let meeting: SpeechFixture;
const reference = LINES.map((l) => l.text).join(' ');

function attribution(messages: SpeechMessage[]): number {
  const turns = meeting.turns.map((t) => ({ speaker: t.voice, start: t.start, end: t.end }));
  const words = messages.flatMap((m) =>
    m.words.map((w) => ({ speaker: m.speaker.id, start: w.start, end: w.end })),
  );
  return speakerAttribution(turns, words);
}

/** The meeting as a stereo WAV with each voice on its own channel (rms left, slt right). */
function stereoMeeting(): string {
  const path = meeting.wav.replace(/\.wav$/, '.stereo.wav');
  const mono = readFileSync(meeting.wav);
  const samples = new Int16Array(mono.buffer.slice(mono.byteOffset + 44, mono.byteOffset + mono.length));
  const out = Buffer.from(mono.subarray(0, 44));
  out.writeUInt16LE(2, 22);
  out.writeUInt32LE(16000 * 4, 28);
  out.writeUInt16LE(4, 32);
  out.writeUInt32LE(samples.length * 4, 40);
  out.writeUInt32LE(36 + samples.length * 4, 4);
  const data = Buffer.alloc(samples.length * 4);
  samples.forEach((v, i) => {
    const t = i / 16000;
    const turn = meeting.turns.find((x) => t >= x.start - 0.05 && t <= x.end + 0.35);
    const channel = turn?.voice === 'slt' ? 1 : 0;
    data.writeInt16LE(v, i * 4 + channel * 2);
  });
  writeFileSync(path, Buffer.concat([out, data]));
  return path;
}

beforeAll(() => {
  meeting = synthesizeLines(LINES);
});

afterAll(() => pool.close());

describe('speechToMessages', () => {
  it.concurrent.each([
    ['WAV', () => meeting.wav],
    ['MP3', () => transcode(meeting.wav, '.mp3')],
    ['MP4', () => transcode(meeting.wav, '.mp4', MP4_VIDEO_ARGS)],
  ])(
    'turns a %s of a two-voice meeting into the right words with the right speakers',
    async (_kind, file) => {
      const messages = await speechToMessages(file(), {
        recognizer,
        enableSpeakerDiarization: true,
        diarizationSpeakerCount: 2,
        startTime: '2024-03-04T15:00:00.000Z',
      });
      const text = messages.map((m) => m.text).join(' ');
      expect(wordErrorRate(reference, text)).toBeLessThan(0.25);
      expect(attribution(messages)).toBeGreaterThanOrEqual(0.9);
      expect(new Set(messages.map((m) => m.speaker.name))).toEqual(new Set(['Speaker 1', 'Speaker 2']));
      expect(messages[0]?.speaker).toEqual({ id: 'speaker-1', name: 'Speaker 1' });
      for (const m of messages) {
        expect(Date.parse(m.startTime)).toBe(
          Date.parse('2024-03-04T15:00:00.000Z') + Math.round(m.start * 1000),
        );
        expect(m.end).toBeGreaterThanOrEqual(m.start);
        expect(m.text).toBe(m.words.map((w) => w.word).join(' '));
        for (const w of m.words) expect(w.score).toBeGreaterThanOrEqual(0);
      }
      expect(messages.map((m) => m.start)).toEqual([...messages.map((m) => m.start)].sort((a, b) => a - b));
    },
  );

  it('attributes exactly per channel and names speakers from channelMetadata', async () => {
    const messages = await speechToMessages(stereoMeeting(), {
      recognizer,
      enableSeparateRecognitionPerChannel: true,
      channelMetadata: [
        { channel: 1, speaker: { name: 'Robert', email: 'robert@example.com' } },
        { channel: 2, speaker: { name: 'Sally' } },
      ],
    });
    expect(attribution(messages)).toBeGreaterThanOrEqual(0.98);
    const robert = messages.filter((m) => m.speaker.name === 'Robert');
    expect(robert[0]?.speaker).toEqual({
      id: 'robert@example.com',
      name: 'Robert',
      email: 'robert@example.com',
    });
    expect(robert.every((m) => m.channel === 1)).toBe(true);
    expect(
      messages
        .filter((m) => m.speaker.name === 'Sally')
        .map((m) => m.text)
        .join(' '),
    ).toContain('thursday');
  });

  it('rejects bad audio and bad options with typed errors', async () => {
    await expect(speechToMessages(Buffer.from('not audio at all'), { recognizer })).rejects.toBeInstanceOf(
      UnsupportedMediaError,
    );
    await expect(
      speechToMessages(meeting.wav, { recognizer, diarizationSpeakerCount: 0 }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(speechToMessages(meeting.wav, { recognizer, startTime: 'yesterday-ish' })).rejects.toThrow(
      /startTime/,
    );
    await expect(
      speechToMessages(meeting.wav, { recognizer, pieces: { minPieceSeconds: Number.NaN } }),
    ).rejects.toThrow(/pieces\.minPieceSeconds/);
  });
});
