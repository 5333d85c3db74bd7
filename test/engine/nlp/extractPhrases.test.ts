import { describe, expect, it } from 'vitest';
import {
  listConversationScripts,
  loadConversationScript,
} from '../../../scripts/fixtures/loadConversationScript.ts';
import { extractPhrases } from '../../../src/engine/nlp/extractPhrases.ts';

const sentences = (text: string): string[] => text.split(/(?<=[.?!])\s+/);

describe('extractPhrases', () => {
  it('takes the verb phrase of requests and commitments, without the deadline', () => {
    expect(extractPhrases('Can you send me the renewal quote by Friday?')).toEqual([
      { type: 'action_phrase', text: 'send me the renewal quote' },
    ]);
    expect(extractPhrases('We need to make this hackathon work for our customers first.')).toEqual([
      { type: 'action_phrase', text: 'make this hackathon work for our customers first' },
    ]);
    expect(
      extractPhrases('Kevin, please also send the draft roadmap to the sales team by the end of the week.'),
    ).toEqual([{ type: 'action_phrase', text: 'send the draft roadmap to the sales team' }]);
    expect(extractPhrases('I will call the agency in Boston tomorrow and ask about their rates.')).toEqual([
      { type: 'action_phrase', text: 'call the agency in Boston' },
    ]);
  });

  it('finds nothing in statements, questions about facts and chatter', () => {
    for (const text of [
      'The price stays at 500 dollars.',
      'Do we have money for a contractor?',
      'Thanks everyone.',
      'Sounds good to me.',
      'You should have received a message.',
      '',
      '???',
    ]) {
      expect(extractPhrases(text), text).toEqual([]);
    }
  });

  it('gives a phrase from the text for most labelled "I will" commitments in the fixtures', () => {
    let commitments = 0;
    let phrased = 0;
    for (const name of listConversationScripts()) {
      for (const line of loadConversationScript(name).lines) {
        if (line.labels?.actionItem === undefined) continue;
        for (const sentence of sentences(line.text).filter((s) => /\bI will\b/.test(s))) {
          commitments += 1;
          const [phrase] = extractPhrases(sentence);
          if (phrase === undefined) continue;
          phrased += 1;
          expect(sentence).toContain(phrase.text);
          expect(phrase.text).not.toMatch(/\b(tomorrow|today|monday|tuesday|wednesday|thursday|friday)\b/i);
        }
      }
    }
    expect(commitments).toBeGreaterThan(10);
    expect(phrased / commitments).toBeGreaterThanOrEqual(0.9);
  });
});
