import type { EngineSentiment } from './EngineMessage.ts';
import { suggestSentiment } from './scoreSentiment.ts';

/** Mean polarity of several messages with the wire's label (neutral 0 when there are none). */
export function meanSentiment(scores: readonly number[]): EngineSentiment {
  if (scores.length === 0) return { score: 0, suggested: 'neutral' };
  let sum = 0;
  for (const score of scores) sum += score;
  const score = Math.round(Math.max(-1, Math.min(1, sum / scores.length)) * 1000) / 1000;
  return { score, suggested: suggestSentiment(score) };
}
