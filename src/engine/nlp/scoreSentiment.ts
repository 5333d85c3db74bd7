import type { EngineSentiment } from './EngineMessage.ts';
import { sentimentProbabilities } from './sentimentModel.ts';
import { vaderCompound } from './vaderCompound.ts';

/**
 * Words VADER rates positive that in conversation are discourse and politeness, not sentiment:
 * "yes", "sure", "please", "okay", "I can help", "I would like to". VADER's score, a feature of
 * the model, is taken without them.
 */
const discourseWords = /\b(yes|yeah|yep|sure|please|ok|okay|help|like)\b/gi;

/** The wire's label: negative < -0.3 <= neutral <= 0.3 < positive. */
export function suggestSentiment(score: number): EngineSentiment['suggested'] {
  if (score < -0.3) return 'negative';
  if (score > 0.3) return 'positive';
  return 'neutral';
}

/**
 * Polarity of one message, -1..1 (3 decimals), and the wire's suggested label for it. The score is
 * P(positive) - P(negative) from the sentiment model (sentimentModel.ts), a logistic regression
 * over the words and VADER's compound score, trained on rated tweets, editorials, reviews and
 * Reddit comments. Empty text is neutral.
 */
export function scoreSentiment(text: string): EngineSentiment {
  if (text.trim() === '') return { score: 0, suggested: 'neutral' };
  const p = sentimentProbabilities(text, vaderCompound(text.replace(discourseWords, ' ')));
  const score = Math.round((p[2]! - p[0]!) * 1000) / 1000;
  return { score, suggested: suggestSentiment(score) };
}
