import {
  type CallScoreInput,
  clampScore,
  conversationMinutes,
  type ScoredCriterion,
  speakerOf,
} from './CallScoreInput.ts';

/** Overlaps shorter than this are taken as turn-taking, not as cutting someone off. */
const MIN_OVERLAP_SECONDS = 0.3;

/**
 * Interruptions: how often someone started talking before the previous speaker had finished (by
 * more than {@link MIN_OVERLAP_SECONDS}). Each interruption per 10 minutes costs 10 points.
 */
export function interruptions(input: CallScoreInput): ScoredCriterion {
  const name = 'Interruptions';
  let count = 0;
  for (let i = 1; i < input.messages.length; i++) {
    const previous = input.messages[i - 1]!;
    const current = input.messages[i]!;
    if (speakerOf(previous) === speakerOf(current)) continue;
    const overlap = (Date.parse(previous.endTime) - Date.parse(current.startTime)) / 1000;
    if (overlap > MIN_OVERLAP_SECONDS) count++;
  }
  const minutes = conversationMinutes(input.messages);
  const perTen = minutes > 0 ? (count / minutes) * 10 : 0;
  return {
    name,
    score: clampScore(100 - perTen * 10),
    summary:
      count === 0
        ? 'Nobody talked over anyone.'
        : `${count} time${count === 1 ? '' : 's'} someone started before the other had finished (${perTen.toFixed(1)} per 10 minutes).`,
    feedback: {
      positive: { summary: count === 0 ? 'Speakers let each other finish.' : 'Most turns were clean.' },
      negative: { summary: count === 0 ? 'None.' : 'Let the other person finish before answering.' },
    },
  };
}
