import type { CallScoreInput, ScoredCriterion } from './CallScoreInput.ts';
import { clampScore } from './CallScoreInput.ts';
import { interruptions } from './interruptions.ts';
import { nextSteps } from './nextSteps.ts';
import { pace } from './pace.ts';
import { questionHandling } from './questionHandling.ts';
import { sentimentTrend } from './sentimentTrend.ts';
import { talkBalance } from './talkBalance.ts';

/** A call score: the mean of its criteria, with a sentence on the best and the weakest. */
export interface CallScoreResult {
  score: number;
  summary: string;
  criteria: ScoredCriterion[];
}

/**
 * Scores a conversation from what the engine found in it (README.md in this folder lists the
 * criteria and how each is scored). Pure and deterministic: the same resources give the same
 * score.
 */
export function computeCallScore(input: CallScoreInput): CallScoreResult {
  const criteria = [
    questionHandling(input),
    nextSteps(input),
    talkBalance(input),
    interruptions(input),
    pace(input),
    sentimentTrend(input),
  ];
  const score = clampScore(criteria.reduce((sum, c) => sum + c.score, 0) / criteria.length);
  if (input.messages.length === 0) {
    return { score: 0, summary: 'Nothing was said, so there is nothing to score.', criteria };
  }
  const ranked = [...criteria].sort((a, b) => b.score - a.score);
  const best = ranked[0]!;
  const weakest = ranked.at(-1)!;
  const verdict = score >= 75 ? 'A strong call' : score >= 50 ? 'A fair call' : 'A weak call';
  return {
    score,
    summary: `${verdict} (${score}/100). Best: ${best.name.toLowerCase()} (${best.score}). Weakest: ${weakest.name.toLowerCase()} (${weakest.score}).`,
    criteria,
  };
}
