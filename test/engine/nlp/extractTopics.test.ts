import { describe, expect, it } from 'vitest';
import {
  listConversationScripts,
  loadConversationScript,
} from '../../../scripts/fixtures/loadConversationScript.ts';
import { extractTopics } from '../../../src/engine/nlp/extractTopics.ts';
import { lemmaTokens } from '../../../src/engine/nlp/lemmaTokens.ts';
import { TopicIndex } from '../../../src/engine/nlp/TopicIndex.ts';
import { scriptMessages } from './scriptMessages.ts';

const lemmaKey = (text: string): string =>
  lemmaTokens(text)
    .map((t) => t.lemma)
    .join(' ');

describe('extractTopics', () => {
  const scripts = listConversationScripts().map(loadConversationScript);

  it('finds most of the topics each fixture script is about', () => {
    let found = 0;
    let expected = 0;
    for (const script of scripts) {
      const keys = extractTopics(scriptMessages(script)).map((t) => t.key);
      for (const topic of script.expectedTopics ?? []) {
        expected += 1;
        const want = lemmaKey(topic);
        // An expected phrase counts when a topic is that phrase or a phrase containing it.
        if (keys.some((key) => key === want || ` ${key} `.includes(` ${want} `))) found += 1;
      }
    }
    expect(expected).toBeGreaterThan(20);
    expect(found / expected).toBeGreaterThanOrEqual(0.6);
  });

  it('returns well-formed topics: scores in 0..1, known messages, parents present and roots', () => {
    for (const script of scripts) {
      const messages = scriptMessages(script);
      const ids = new Set(messages.map((m) => m.id));
      const topics = extractTopics(messages);
      expect(topics.length).toBeGreaterThanOrEqual(3);
      expect(topics[0]?.score).toBe(1);
      const byText = new Map(topics.map((t) => [t.text, t]));
      expect(byText.size).toBe(topics.length);
      for (const topic of topics) {
        expect(topic.score).toBeGreaterThan(0);
        expect(topic.score).toBeLessThanOrEqual(1);
        expect(topic.text).toBe(topic.text.toLowerCase());
        expect(topic.messageIds.length).toBeGreaterThan(0);
        for (const id of topic.messageIds) expect(ids.has(id)).toBe(true);
        expect(new Set(topic.messageIds).size).toBe(topic.messageIds.length);
        for (const parent of topic.parentRefs) {
          expect(parent.type).toBe('topic');
          const parentTopic = byText.get(parent.text);
          expect(parentTopic?.parentRefs).toEqual([]);
          // The parent is the head word of the child phrase.
          expect(topic.key.endsWith(` ${parentTopic?.key}`)).toBe(true);
        }
      }
    }
  });

  it('builds a hierarchy: a head word shared by phrases parents them', () => {
    const base = {
      speaker: { id: 'a' },
      start: 0,
      end: 1,
      words: [],
      sentiment: { score: 0, suggested: 'neutral' as const },
    };
    const texts = [
      'The payment page is slow on older phones.',
      'We should redesign the checkout page next month.',
      'The payment page needs a new button.',
      'The checkout page is too slow.',
      'Our landing page looks fine.',
    ];
    const topics = extractTopics(
      texts.map((text, index) => ({ ...base, id: `m${index}`, index, text, utteranceId: `u${index}` })),
    );
    const page = topics.find((t) => t.text === 'page');
    expect(page?.parentRefs).toEqual([]);
    expect(page?.messageIds).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(topics.find((t) => t.text === 'payment page')?.parentRefs).toEqual([
      { type: 'topic', text: 'page' },
    ]);
    expect(topics.find((t) => t.text === 'checkout page')?.parentRefs).toEqual([
      { type: 'topic', text: 'page' },
    ]);
  });

  it('carries the mean sentiment of its messages', () => {
    const script = loadConversationScript('support-call');
    const messages = scriptMessages(script);
    for (const topic of extractTopics(messages)) {
      const scores = messages.filter((m) => topic.messageIds.includes(m.id)).map((m) => m.sentiment.score);
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      expect(topic.sentiment.score).toBeCloseTo(mean, 3);
    }
  });

  it('is empty without nouns and for no messages', () => {
    expect(extractTopics([])).toEqual([]);
    const index = new TopicIndex();
    index.add({
      id: 'x',
      index: 0,
      text: 'Yes, okay, thanks!',
      speaker: {},
      start: 0,
      end: 1,
      words: [],
      sentiment: { score: 0, suggested: 'neutral' },
      utteranceId: 'u',
    });
    expect(index.topics()).toEqual([]);
  });

  it('gives the same topics whether read all at once or message by message', () => {
    const messages = scriptMessages(loadConversationScript('sales-discovery'));
    const index = new TopicIndex();
    for (const message of messages) {
      index.add(message);
      index.topics();
    }
    expect(index.topics()).toEqual(extractTopics(messages));
  });
});
