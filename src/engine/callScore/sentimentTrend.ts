import { type CallScoreInput, clampScore, type ScoredCriterion } from './CallScoreInput.ts';

/**
 * Sentiment trend: how the conversation felt by its end, and which way it moved. The mean
 * polarity (-1 to 1) of the last third of the messages maps to 0-100 (0 neutral = 50), and the
 * change from the first third adds or takes up to 25 points.
 */
export function sentimentTrend(input: CallScoreInput): ScoredCriterion {
  const name = 'Sentiment trend';
  const scores = input.messages
    .map((m) => m.sentiment?.polarity.score)
    .filter((s): s is number => s !== undefined && Number.isFinite(s));
  if (scores.length === 0) {
    return {
      name,
      score: 50,
      summary: 'No sentiment was measured for this conversation.',
      feedback: { positive: { summary: 'None.' }, negative: { summary: 'None.' } },
    };
  }
  const third = Math.max(1, Math.floor(scores.length / 3));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const start = mean(scores.slice(0, third));
  const end = mean(scores.slice(-third));
  const change = end - start;
  const word = (v: number) =>
    v > 0.3
      ? 'positive'
      : v < -0.3
        ? 'negative'
        : v > 0.05
          ? 'slightly positive'
          : v < -0.05
            ? 'slightly negative'
            : 'neutral';
  const direction = change > 0.05 ? 'rose' : change < -0.05 ? 'fell' : 'held steady';
  return {
    name,
    score: clampScore(50 + 50 * end + 25 * Math.max(-1, Math.min(1, change))),
    summary: `Sentiment ${direction}: ${word(start)} (${start.toFixed(2)}) at the start, ${word(end)} (${end.toFixed(2)}) at the end.`,
    feedback: {
      positive: {
        summary: end >= 0 ? `The call ended ${word(end)}.` : change > 0.05 ? 'The mood improved.' : 'None.',
      },
      negative: {
        summary:
          end < -0.05
            ? `The call ended ${word(end)}; address the concerns raised.`
            : change < -0.05
              ? 'The mood dropped towards the end.'
              : 'None.',
      },
    },
  };
}
