import type { EngineSentiment } from './EngineMessage.ts';
import { vaderCompound } from './vaderCompound.ts';

/**
 * Words VADER rates positive that in conversation are discourse and politeness, not sentiment:
 * "yes", "sure", "please", "okay", "I can help", "I would like to".
 */
const discourseWords = /\b(yes|yeah|yep|sure|please|ok|okay|help|like)\b/gi;

/** The wire's label: negative < -0.3 <= neutral <= 0.3 < positive. */
export function suggestSentiment(score: number): EngineSentiment['suggested'] {
  if (score < -0.3) return 'negative';
  if (score > 0.3) return 'positive';
  return 'neutral';
}

/**
 * Polarity of one message: VADER's compound score (already -1..1, rounded to 3 decimals) and the
 * wire's suggested label for it. Empty text is neutral.
 */
export function scoreSentiment(text: string): EngineSentiment {
  if (text.trim() === '') return { score: 0, suggested: 'neutral' };
  const compound = vaderCompound(text.replace(discourseWords, ' '));
  const score = Math.round(Math.max(-1, Math.min(1, compound)) * 1000) / 1000;
  return { score, suggested: suggestSentiment(score) };
}
