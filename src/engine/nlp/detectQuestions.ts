import type { EngineQuestion, InsightPerson } from './EngineInsight.ts';
import type { EngineMessage, EngineSpeaker } from './EngineMessage.ts';
import { questionScore } from './questionScore.ts';

/** The insight `from` of a speaker: id, name and userId (email when no userId). */
export function insightFrom(speaker: EngineSpeaker): InsightPerson {
  const from: InsightPerson = {};
  if (speaker.id !== undefined) from.id = speaker.id;
  if (speaker.name !== undefined) from.name = speaker.name;
  const userId = speaker.userId ?? speaker.email;
  if (userId !== undefined) from.userId = userId;
  return from;
}

/**
 * Questions and requests for information, with or without a question mark: one per
 * message whose questionScore reaches `minScore` (default 0.5). Ids are `q-<messageId>`.
 */
export function detectQuestions(
  messages: readonly EngineMessage[],
  options: { minScore?: number } = {},
): EngineQuestion[] {
  const minScore = options.minScore ?? 0.5;
  const questions: EngineQuestion[] = [];
  for (const message of messages) {
    const score = questionScore(message.text);
    if (score < minScore) continue;
    questions.push({
      id: `q-${message.id}`,
      text: message.text,
      type: 'question',
      score,
      messageIds: [message.id],
      from: insightFrom(message.speaker),
    });
  }
  return questions;
}
