import type { EngineMessage } from './EngineMessage.ts';
import { extractTopics } from './extractTopics.ts';
import type { EngineTopic } from './TopicIndex.ts';

/** One summary paragraph with the messages it was drawn from. */
export interface EngineSummaryItem {
  text: string;
  messageRefs: Array<{ id: string }>;
}

/** Options for summarize. */
export interface SummarizeOptions {
  /** Topics already computed for these messages (computed here when absent). */
  topics?: readonly EngineTopic[];
  /** Messages that carry an insight (action item, question, follow-up): they weigh more. */
  insightMessageIds?: ReadonlySet<string>;
  /** Most sentences to keep (default: about one in six, between 1 and 12). */
  maxSentences?: number;
}

/** Sentences with fewer words than this are acknowledgements ("Sounds good."), never summaries. */
const minWords = 5;
const sentencesPerParagraph = 3;

/**
 * A short extractive summary: the sentences that cover the strongest topics (and carry
 * insights), without repeating a topic set already covered, in conversation order, grouped into
 * paragraphs of up to three sentences, each with the ids of its messages. Deterministic.
 */
export function summarize(
  messages: readonly EngineMessage[],
  options: SummarizeOptions = {},
): EngineSummaryItem[] {
  const candidates = messages.filter((m) => m.text.split(/\s+/).length >= minWords);
  if (candidates.length === 0) return [];
  const topics = options.topics ?? extractTopics(messages);
  const topicScore = new Map<string, number>();
  const topicsOfMessage = new Map<string, string[]>();
  for (const topic of topics) {
    for (const id of topic.messageIds) {
      const list = topicsOfMessage.get(id) ?? [];
      list.push(topic.key);
      topicsOfMessage.set(id, list);
    }
    topicScore.set(topic.key, topic.score);
  }
  const limit = options.maxSentences ?? Math.min(12, Math.max(1, Math.round(messages.length / 6)));

  const scored = candidates.map((message) => {
    const keys = topicsOfMessage.get(message.id) ?? [];
    const insight = options.insightMessageIds?.has(message.id) === true ? 0.5 : 0;
    // Longer sentences break ties: they usually say more.
    const length = message.text.split(/\s+/).length;
    const score =
      keys.reduce((sum, key) => sum + (topicScore.get(key) ?? 0), 0) + insight + 0.01 * Math.min(length, 20);
    return { message, keys, score };
  });
  scored.sort((a, b) => b.score - a.score || a.message.index - b.message.index);

  const covered = new Set<string>();
  const chosen: EngineMessage[] = [];
  for (const entry of scored) {
    if (chosen.length >= limit) break;
    if (entry.keys.length > 0 && entry.keys.every((key) => covered.has(key))) continue;
    for (const key of entry.keys) covered.add(key);
    chosen.push(entry.message);
  }
  chosen.sort((a, b) => a.index - b.index);

  const items: EngineSummaryItem[] = [];
  for (let i = 0; i < chosen.length; i += sentencesPerParagraph) {
    const group = chosen.slice(i, i + sentencesPerParagraph);
    items.push({ text: group.map((m) => m.text).join(' '), messageRefs: group.map((m) => ({ id: m.id })) });
  }
  return items;
}
