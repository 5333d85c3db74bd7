import { describe, expect, it } from 'vitest';
import {
  listConversationScripts,
  loadConversationScript,
} from '../../../scripts/fixtures/loadConversationScript.ts';
import { summarize } from '../../../src/engine/nlp/summarize.ts';
import { scriptMessages } from './scriptMessages.ts';

describe('summarize', () => {
  it('picks a few informative sentences of each fixture, in order, with their message ids', () => {
    for (const name of listConversationScripts()) {
      const messages = scriptMessages(loadConversationScript(name));
      const summary = summarize(messages);
      const refs = summary.flatMap((item) => item.messageRefs.map((r) => r.id));
      expect(refs.length).toBeGreaterThanOrEqual(1);
      expect(refs.length).toBeLessThanOrEqual(Math.max(1, Math.round(messages.length / 6)));
      const indexes = refs.map((id) => messages.findIndex((m) => m.id === id));
      expect(indexes.every((i) => i >= 0)).toBe(true);
      expect([...indexes].sort((a, b) => a - b)).toEqual(indexes);
      for (const item of summary) {
        expect(item.messageRefs.length).toBeLessThanOrEqual(3);
        expect(item.text).toBe(
          item.messageRefs.map((r) => messages.find((m) => m.id === r.id)?.text).join(' '),
        );
        // No acknowledgements ("Sounds good.") in a summary.
        for (const ref of item.messageRefs) {
          expect(messages.find((m) => m.id === ref.id)?.text.split(/\s+/).length).toBeGreaterThanOrEqual(5);
        }
      }
    }
  });

  it('prefers sentences carrying insights and honours maxSentences', () => {
    const messages = scriptMessages(loadConversationScript('product-planning'));
    const wanted = messages.find((m) => m.text.startsWith('Kevin, please also send'));
    const summary = summarize(messages, { insightMessageIds: new Set([wanted?.id ?? '']), maxSentences: 2 });
    expect(summary.flatMap((s) => s.messageRefs).length).toBe(2);
    expect(summary.flatMap((s) => s.messageRefs.map((r) => r.id))).toContain(wanted?.id);
  });

  it('is empty when there is nothing worth summarising', () => {
    expect(summarize([])).toEqual([]);
    const [first] = scriptMessages(loadConversationScript('sample-meeting'));
    expect(summarize(first === undefined ? [] : [{ ...first, text: 'Okay, thanks.' }])).toEqual([]);
  });
});
