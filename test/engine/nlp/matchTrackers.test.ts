import { describe, expect, it } from 'vitest';
import {
  listConversationScripts,
  loadConversationScript,
} from '../../../scripts/fixtures/loadConversationScript.ts';
import type { EngineMessage } from '../../../src/engine/nlp/EngineMessage.ts';
import { matchTrackers } from '../../../src/engine/nlp/matchTrackers.ts';
import { TrackerMatcher } from '../../../src/engine/nlp/TrackerMatcher.ts';
import { ValidationError } from '../../../src/errors/ValidationError.ts';
import { scriptMessages } from './scriptMessages.ts';

function message(id: string, text: string): EngineMessage {
  return {
    id,
    index: 0,
    text,
    speaker: {},
    start: 0,
    end: 1,
    words: [],
    sentiment: { score: 0, suggested: 'neutral' },
    utteranceId: id,
  };
}

describe('matchTrackers', () => {
  it('finds every vocabulary phrase the fixture scripts say verbatim, at its offset', () => {
    let checked = 0;
    for (const name of listConversationScripts()) {
      const script = loadConversationScript(name);
      const messages = scriptMessages(script);
      const results = matchTrackers(messages, script.trackers ?? []);
      for (const tracker of script.trackers ?? []) {
        for (const value of tracker.vocabulary) {
          const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${value}(?![\\p{L}\\p{N}])`, 'iu');
          const saying = messages.filter((m) => pattern.test(m.text));
          const match = results.find((r) => r.name === tracker.name)?.matches.find((m) => m.value === value);
          for (const said of saying) {
            checked += 1;
            const ref = match?.messageRefs.find((r) => r.id === said.id);
            expect(ref?.offset, `${name}: "${value}" in "${said.text}"`).toBe(said.text.search(pattern));
            expect(ref?.text).toBe(said.text);
          }
        }
      }
      // Offsets are either exact positions of the phrase or -1.
      for (const tracker of results) {
        for (const match of tracker.matches) {
          for (const ref of match.messageRefs) {
            if (ref.offset >= 0) {
              expect(ref.text.slice(ref.offset, ref.offset + match.value.length).toLowerCase()).toBe(
                match.value.toLowerCase(),
              );
            } else expect(ref.offset).toBe(-1);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('matches inflections and paraphrases with offset -1', () => {
    const results = matchTrackers(
      [
        message('a', 'What would the renewal cost us?'),
        message('b', 'The prices went up again.'),
        message('c', 'See you on Monday.'),
      ],
      [{ name: 'Pricing', vocabulary: ['how much does it cost', 'price'] }],
    );
    expect(results).toEqual([
      {
        name: 'Pricing',
        matches: [
          {
            type: 'vocabulary',
            value: 'how much does it cost',
            messageRefs: [
              { id: 'a', text: 'What would the renewal cost us?', offset: -1 },
              { id: 'b', text: 'The prices went up again.', offset: -1 },
            ],
            insightRefs: [],
          },
          {
            type: 'vocabulary',
            value: 'price',
            messageRefs: [
              { id: 'a', text: 'What would the renewal cost us?', offset: -1 },
              { id: 'b', text: 'The prices went up again.', offset: -1 },
            ],
            insightRefs: [],
          },
        ],
      },
    ]);
  });

  it('matches exact phrases case-insensitively across spacing, and only whole words', () => {
    const matcher = new TrackerMatcher([{ name: 'Churn', vocabulary: ['Login Problems', 'app'] }]);
    expect(matcher.match('Mostly login   problems today.')).toEqual([
      { tracker: 0, value: 'Login Problems', offset: 7 },
    ]);
    expect(matcher.match('The happy path works.')).toEqual([]);
  });

  it('reports insights in insightRefs with their type', () => {
    const results = matchTrackers(
      [message('m', 'Can you send the price list?')],
      [{ id: 't1', name: 'Pricing', vocabulary: ['price'] }],
      [{ id: 'q1', type: 'question', text: 'Can you send the price list?' }],
    );
    expect(results[0]?.id).toBe('t1');
    expect(results[0]?.matches[0]?.insightRefs).toEqual([
      { id: 'q1', type: 'question', text: 'Can you send the price list?', offset: 17 },
    ]);
  });

  it('returns nothing without trackers or matches, and rejects empty phrases', () => {
    expect(matchTrackers([message('a', 'Hello there.')], [])).toEqual([]);
    expect(matchTrackers([message('a', 'Hello there.')], [{ name: 'X', vocabulary: ['discount'] }])).toEqual(
      [],
    );
    expect(() => new TrackerMatcher([{ name: 'X', vocabulary: ['  '] }])).toThrow(ValidationError);
    try {
      new TrackerMatcher([{ name: '', vocabulary: ['ok', ''] }]);
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        'trackers[0].name',
        'trackers[0].vocabulary[1]',
      ]);
    }
  });
});
