import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stitch } from '../../../src/engine/asr/ParallelRecognition.ts';
import type { RecognizedUtterance, RecognizedWord } from '../../../src/engine/asr/RecognitionEvent.ts';
import { withWords } from '../../../src/engine/asr/RecognitionPiece.ts';

function utterance(words: RecognizedWord[]): RecognizedUtterance {
  return {
    text: words.map((w) => w.word).join(' '),
    start: words[0]?.start ?? 0,
    end: words[words.length - 1]?.end ?? 0,
    confidence: 1,
    words,
  };
}

/** What a piece owning [from, to) reports when its stream agrees with the whole stream. */
function owned(whole: readonly RecognizedUtterance[], from: number, to: number) {
  return {
    utterances: () =>
      whole.flatMap((u) => {
        const kept = withWords(
          u,
          u.words.filter((w) => w.start >= from && w.start < to),
        );
        return kept === undefined ? [] : [kept];
      }),
  };
}

/** Utterances of words 0.1-0.6 s long with 0-0.3 s between them; `late` of them timed seconds late, as pocketsphinx sometimes does. */
const stream = (late: boolean) =>
  fc
    .array(
      fc.tuple(
        fc.array(fc.tuple(fc.integer({ min: 10, max: 60 }), fc.integer({ min: 0, max: 30 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 50, max: 200 }),
        late ? fc.constantFrom(0, 0, 0, 300, 700) : fc.constant(0),
      ),
      { minLength: 1, maxLength: 30 },
    )
    .map((utterances) => {
      let at = 0;
      let n = 0;
      return utterances.map(([words, pause, shift]) => {
        const list = words.map(([length, gap]) => {
          const word = {
            word: `w${n++}`,
            start: (at + shift) / 100,
            end: (at + shift + length) / 100,
            confidence: 1,
          };
          at += length + gap;
          return word;
        });
        at += pause;
        return utterance(list);
      });
    });

const cuts = fc
  .uniqueArray(fc.integer({ min: 1, max: 2000 }), { maxLength: 6 })
  .map((c) => c.sort((a, b) => a - b).map((x) => x / 10));

function pieces(whole: readonly RecognizedUtterance[], at: readonly number[]) {
  const bounds = [Number.NEGATIVE_INFINITY, ...at, Number.POSITIVE_INFINITY];
  return bounds.slice(1).map((to, i) => owned(whole, bounds[i] as number, to));
}

const words = (utterances: readonly RecognizedUtterance[]) => utterances.flatMap((u) => u.words);

describe('stitch', () => {
  it('gives back the whole stream when every piece agrees with it, wherever the cuts fall', () => {
    fc.assert(
      fc.property(stream(false), cuts, (whole, at) => {
        expect(words(stitch(pieces(whole, at)))).toEqual(words(whole));
      }),
    );
  });

  it('loses and doubles no word when the stream times some utterances seconds late', () => {
    fc.assert(
      fc.property(stream(true), cuts, (whole, at) => {
        const stitched = words(stitch(pieces(whole, at))).map((w) => w.word);
        expect([...stitched].sort()).toEqual(
          words(whole)
            .map((w) => w.word)
            .sort(),
        );
      }),
    );
  });

  it('keeps one copy of a word two streams placed on either side of a cut', () => {
    const before = utterance([
      { word: 'so', start: 9.2, end: 9.6, confidence: 1 },
      { word: 'then', start: 9.95, end: 10.3, confidence: 1 },
    ]);
    const after = utterance([
      { word: 'then', start: 10.01, end: 10.3, confidence: 1 },
      { word: 'then', start: 10.4, end: 10.7, confidence: 1 },
    ]);
    const out = stitch([{ utterances: () => [before] }, { utterances: () => [after] }]);
    expect(words(out).map((w) => [w.word, w.start])).toEqual([
      ['so', 9.2],
      ['then', 9.95],
      ['then', 10.4],
    ]);
  });
});
