import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainSpokenWord, transcriptionUtterances } from '../../../src/engine/asr/transcriptionUtterances.ts';
import { RemoteRecognizerError } from '../../../src/errors/RemoteRecognizerError.ts';

describe('transcriptionUtterances', () => {
  it('reads top-level words into one utterance per segment, shifted by the chunk offset', () => {
    const utterances = transcriptionUtterances(
      {
        text: 'Hello there. Send it, by Friday!',
        segments: [
          { start: 0, end: 1, text: 'Hello there.', avg_logprob: -0.1 },
          { start: 1.5, end: 3, text: 'Send it, by Friday!' },
        ],
        words: [
          { word: 'Hello', start: 0.1, end: 0.4 },
          { word: 'there.', start: 0.5, end: 0.9, probability: 0.5 },
          { word: 'Send', start: 1.6, end: 1.9 },
          { word: 'it,', start: 1.9, end: 2.1 },
          { word: 'by', start: 2.1, end: 2.3 },
          { word: 'Friday!', start: 2.3, end: 2.9 },
        ],
      },
      10,
      3,
    );
    expect(utterances.map((u) => u.text)).toEqual(['hello there', 'send it by friday']);
    expect(utterances[0]?.words[0]).toEqual({ word: 'hello', start: 10.1, end: 10.4, confidence: 0.905 });
    expect(utterances[0]?.words[1]?.confidence).toBe(0.5);
    expect(utterances[1]?.start).toBe(11.6);
    expect(utterances[1]?.end).toBe(12.9);
  });

  it('joins whisper.cpp tokens into words and spreads a segment without word timings', () => {
    const [tokens, spread] = transcriptionUtterances(
      {
        text: ' The computer works',
        segments: [
          {
            start: 0,
            end: 2,
            words: [
              { word: ' The', start: 0, end: 0.2, probability: 0.9 },
              { word: ' comp', start: 0.2, end: 0.5, probability: 0.8 },
              { word: 'uter', start: 0.5, end: 0.9, probability: 0.6 },
              { word: ' works.', start: 1, end: 1.5, probability: 0.9 },
            ],
          },
          { start: 2, end: 4, text: ' Two words' },
        ],
      },
      0,
      4,
    );
    expect(tokens?.words.map((w) => [w.word, w.start, w.end, w.confidence])).toEqual([
      ['the', 0, 0.2, 0.9],
      ['computer', 0.2, 0.9, 0.6],
      ['works', 1, 1.5, 0.9],
    ]);
    expect(spread?.words.map((w) => [w.word, w.start, w.end])).toEqual([
      ['two', 2, 3],
      ['words', 3, 4],
    ]);
  });

  it('keeps money, percent and contractions; drops what is only punctuation', () => {
    expect(['$5', '10%', "don't", '"Acme,"', '...', '—'].map(plainSpokenWord)).toEqual([
      '$5',
      '10%',
      "don't",
      'acme',
      '',
      '',
    ]);
  });

  it('never times a word outside its chunk, whatever the server claims', () => {
    const word = fc.record({
      word: fc.string({ minLength: 1, maxLength: 8 }),
      start: fc.double({ min: -5, max: 50, noNaN: true }),
      end: fc.double({ min: -5, max: 50, noNaN: true }),
      probability: fc.option(fc.double({ min: -1, max: 2, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 20 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (words, offset) => {
          const duration = 30;
          for (const u of transcriptionUtterances({ text: '', words }, offset, duration)) {
            expect(u.text).not.toBe('');
            for (const w of u.words) {
              expect(w.start).toBeGreaterThanOrEqual(offset - 0.001);
              expect(w.end).toBeLessThanOrEqual(offset + duration + 0.001);
              expect(w.end).toBeGreaterThanOrEqual(w.start);
              expect(w.confidence).toBeGreaterThanOrEqual(0);
              expect(w.confidence).toBeLessThanOrEqual(1);
            }
          }
        },
      ),
    );
  });

  it('refuses answers that are not transcriptions, naming the field', () => {
    for (const [answer, path] of [
      [null, 'answer'],
      [{ words: [] }, 'text'],
      [{ text: 'x', segments: [{ start: 0 }] }, 'segments.0.end'],
    ] as const) {
      expect(() => transcriptionUtterances(answer, 0, 1)).toThrow(RemoteRecognizerError);
      expect(() => transcriptionUtterances(answer, 0, 1)).toThrow(path);
    }
  });
});
