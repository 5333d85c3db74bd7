import type { EngineMessage } from './EngineMessage.ts';
import { type EngineTopic, TopicIndex } from './TopicIndex.ts';

/**
 * Key phrases of a whole conversation with score, messageIds, sentiment and a two-level
 * hierarchy (head words parent the phrases built on them). Batch form of TopicIndex.
 */
export function extractTopics(messages: readonly EngineMessage[]): EngineTopic[] {
  const index = new TopicIndex();
  for (const message of messages) index.add(message);
  return index.topics();
}
