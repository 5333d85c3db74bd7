import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectQuestions } from '../../../src/engine/nlp/detectQuestions.ts';
import { questionScore } from '../../../src/engine/nlp/questionScore.ts';
import { ben, messagesOf } from './messagesOf.ts';

describe('questionScore', () => {
  it.each([
    'Can you send me the renewal quote by Friday?',
    'can you send me the renewal quote by friday',
    'what does the premium plan include',
    'how much do those lost orders cost you',
    'Nina, do you want to start?',
    'so um are we still on for thursday',
    'i was wondering whether the quote includes support',
    'could you tell me a little about your company',
    'any blockers',
    'You signed the contract?',
    'what what are they looking at',
    'what if we ship it early',
    'how old is it',
    'so what school is it',
  ])('finds a question in %s', (text) => {
    expect(questionScore(text)).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    'I will send the quote tomorrow.',
    'what I mean is that the price is fine',
    'how to interpret it.',
    'We lost two accounts last month.',
    'Have a good day.',
    'When we get the numbers I will call you.',
    'and he said okay',
    "it's all right",
    'so what is the',
    'would they both be listed in the',
    'do it',
    "which i'll hopefully scrape together",
    '',
  ])('finds no question in %s', (text) => {
    expect(questionScore(text)).toBeLessThan(0.5);
  });
});

describe('detectQuestions', () => {
  it('returns the wire question shape', () => {
    const messages = messagesOf([
      [ben, 'Hi Ana. Can you send me the renewal quote by Friday?'],
      [{}, 'what does the premium plan include'],
    ]);
    expect(detectQuestions(messages)).toEqual([
      {
        id: 'q-m0-1',
        text: 'Can you send me the renewal quote by Friday?',
        type: 'question',
        score: 0.98,
        messageIds: ['m0-1'],
        from: { id: 'ben', name: 'Ben', userId: 'ben@example.com' },
      },
      {
        id: 'q-m1-0',
        text: 'What does the premium plan include?',
        type: 'question',
        score: 0.98,
        messageIds: ['m1-0'],
        from: {},
      },
    ]);
  });

  it('never throws on odd input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const found = detectQuestions(messagesOf([[ben, text]]));
        for (const q of found) expect(q.score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});
