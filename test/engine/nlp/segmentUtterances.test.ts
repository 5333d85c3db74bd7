import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputUtterance } from '../../../src/engine/nlp/EngineMessage.ts';
import { lemmaTokens, tokensFromWink } from '../../../src/engine/nlp/lemmaTokens.ts';
import { segmentUtterances } from '../../../src/engine/nlp/segmentUtterances.ts';
import { winkNlp } from '../../../src/engine/nlp/winkNlp.ts';
import { PayloadTooLargeError } from '../../../src/errors/PayloadTooLargeError.ts';

function inputWords(u: InputUtterance): string[] {
  return u.words && u.words.length > 0
    ? u.words.map((w) => w.word)
    : u.text.split(/\s+/).filter((w) => w !== '');
}

describe('segmentUtterances', () => {
  it('splits punctuated text into sentences and keeps it verbatim', () => {
    const messages = segmentUtterances([
      {
        text: "Morning everyone. Let's keep it short. Nina, do you want to start?",
        speaker: { name: 'Alex' },
      },
    ]);
    expect(messages.map((m) => m.text)).toEqual([
      'Morning everyone.',
      "Let's keep it short.",
      'Nina, do you want to start?',
    ]);
    expect(messages.map((m) => m.id)).toEqual(['u0-0', 'u0-1', 'u0-2']);
    expect(messages.every((m) => m.speaker.name === 'Alex')).toBe(true);
  });

  it('restores boundaries, capitals and question marks in recogniser output without timings', () => {
    const messages = segmentUtterances([
      {
        text: 'yes i will call the account manager today and get back to you can you send me the quote by friday',
        recognized: true,
      },
    ]);
    expect(messages.map((m) => m.text)).toEqual([
      'Yes, I will call the account manager today and get back to you.',
      'Can you send me the quote by Friday?',
    ]);
  });

  it('keeps embedded wh-clauses and copulas inside the sentence when there are no timings', () => {
    const texts = (text: string) => segmentUtterances([{ text, recognized: true }]).map((m) => m.text);
    expect(texts('we want to know how we should answer where is x')).toEqual([
      'We want to know how we should answer where is x.',
    ]);
    expect(texts("that's exactly what is necessary")).toEqual(["That's exactly what is necessary."]);
    expect(texts("so it's the spec is there")).toEqual(["So it's the spec is there."]);
    expect(texts('okay can you send the file')).toEqual(['Okay, can you send the file?']);
  });

  it('hands each punctuated sentence to lemmaTokens as wink reads it alone (property)', () => {
    const sentences = [
      'We lost two accounts.',
      'Can you call Nina tomorrow?',
      'The reports were slow!',
      'Thanks.',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...sentences), { minLength: 1, maxLength: 5 }), (picked) => {
        for (const m of segmentUtterances([{ text: picked.join(' ') }])) {
          const alone = tokensFromWink(m.text, winkNlp().readDoc(m.text).tokens());
          expect(lemmaTokens(m.text)).toEqual(alone);
        }
      }),
      { numRuns: 40, seed: 13 },
    );
  });

  it('uses pauses between timed words as sentence boundaries', () => {
    const said = 'so what do you think we should do about the budget i think we need more money'.split(' ');
    const words = said.map((word, i) => ({
      word,
      start: i * 0.3 + (i >= 11 ? 0.6 : 0),
      end: i * 0.3 + 0.25 + (i >= 11 ? 0.6 : 0),
    }));
    const messages = segmentUtterances([{ id: 'x', text: said.join(' '), words, recognized: true }]);
    expect(messages.map((m) => m.text)).toEqual([
      'So what do you think we should do about the budget?',
      'I think we need more money.',
    ]);
    expect(messages[1]!.start).toBeCloseTo(words[11]!.start);
    expect(messages[0]!.words.map((w) => w.word)).toEqual(said.slice(0, 11));
  });

  it('gives the same messages fed one utterance at a time as in one batch', () => {
    const utterances: InputUtterance[] = [
      { text: 'Hello there. How are you?' },
      { text: 'fine thanks what about you' },
      { text: 'Good.' },
    ];
    const batch = segmentUtterances(utterances);
    const live = utterances.flatMap((u, i) => {
      const before = segmentUtterances(utterances.slice(0, i));
      const last = before[before.length - 1];
      return segmentUtterances([u], {
        firstIndex: before.length,
        firstUtteranceOrdinal: i,
        startAt: last?.end ?? 0,
      });
    });
    expect(live).toEqual(batch);
  });

  it('capitalises names compromise knows and the members given', () => {
    const [message] = segmentUtterances(
      [{ text: 'i met john and tomasz in paris on monday', recognized: true }],
      {
        names: ['Tomasz Nowak'],
      },
    );
    expect(message!.text).toBe('I met John and Tomasz in Paris on Monday.');
  });

  it('cuts run-on text into messages of at most maxSentenceWords words', () => {
    const text = Array.from({ length: 130 }, (_, i) => (i === 45 ? 'word,' : 'word')).join(' ');
    const messages = segmentUtterances([{ text, recognized: true }], { maxSentenceWords: 60 });
    expect(messages.map((m) => m.words.length)).toEqual([46, 60, 24]);
    expect(messages[0]!.text.startsWith('Word')).toBe(true);
  });

  it('returns no message for empty text and rejects oversized text with a typed error', () => {
    expect(segmentUtterances([{ text: '' }, { text: '  \u200b ' }])).toEqual([]);
    expect(() => segmentUtterances([{ text: 'a '.repeat(60) }], { maxTextLength: 100 })).toThrow(
      PayloadTooLargeError,
    );
  });

  it('keeps every word, unique ids and monotonic times (property)', () => {
    const word = fc.oneof(
      fc.constantFrom(
        'i',
        'you',
        'can',
        'what',
        'the',
        'send',
        'report',
        'friday',
        'okay',
        'yes',
        'we',
        'meet',
      ),
      fc.stringMatching(/^[a-zA-Z'.,?!]{1,8}$/),
      fc.string({ minLength: 1, maxLength: 4 }).filter((s) => s.trim() === s && !/\s/.test(s)),
    );
    const utterance = fc.record({
      words: fc.array(word, { minLength: 0, maxLength: 25 }),
      timed: fc.boolean(),
      gaps: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 25, maxLength: 25 }),
      recognized: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(utterance, { maxLength: 5 }), (specs) => {
        let t = 0;
        const inputs: InputUtterance[] = specs.map((s) => {
          const u: InputUtterance = { text: s.words.join(' '), recognized: s.recognized };
          if (s.timed) {
            u.words = s.words.map((w, i) => {
              const start = t + s.gaps[i]!;
              t = start + 0.2;
              return { word: w, start, end: t };
            });
          } else {
            u.start = t;
            t += s.words.length * 0.3;
            u.end = t;
          }
          return u;
        });
        const messages = segmentUtterances(inputs);
        expect(messages.flatMap((m) => m.words.map((w) => w.word))).toEqual(inputs.flatMap(inputWords));
        expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
        messages.forEach((m, i) => {
          expect(m.index).toBe(i);
          expect(m.end).toBeGreaterThanOrEqual(m.start);
          if (i > 0) expect(m.start).toBeGreaterThanOrEqual(messages[i - 1]!.start);
          m.words.forEach((w, j) => {
            expect(w.end).toBeGreaterThanOrEqual(w.start);
            if (j > 0) expect(w.start).toBeGreaterThanOrEqual(m.words[j - 1]!.start);
          });
        });
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});
