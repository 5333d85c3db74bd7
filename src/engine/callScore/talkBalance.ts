import { type CallScoreInput, clampScore, type ScoredCriterion } from './CallScoreInput.ts';

/**
 * Talk balance: how evenly the speakers shared the talking. 100 when every speaker had the same
 * share, 0 when one speaker did all of it; in between, by how far the largest share is above an
 * even share. A conversation with one speaker scores 0 (it was a monologue).
 */
export function talkBalance(input: CallScoreInput): ScoredCriterion {
  const name = 'Talk balance';
  const speakers = input.analytics.members.filter((m) => m.talkTime.seconds > 0);
  if (speakers.length < 2) {
    return {
      name,
      score: 0,
      summary:
        speakers.length === 0
          ? 'Nobody was heard speaking.'
          : `Only ${speakers[0]!.name} was heard: a monologue.`,
      feedback: {
        positive: { summary: 'None.' },
        negative: { summary: 'Give the other side room to talk.' },
      },
    };
  }
  const even = 100 / speakers.length;
  const top = speakers.reduce((a, b) => (b.talkTime.percentage > a.talkTime.percentage ? b : a));
  const imbalance = (top.talkTime.percentage - even) / (100 - even);
  const shares = speakers.map((s) => `${s.name} ${Math.round(s.talkTime.percentage)}%`).join(', ');
  return {
    name,
    score: clampScore(100 * (1 - imbalance)),
    summary: `Talk time: ${shares} (an even share would be ${Math.round(even)}% each).`,
    feedback: {
      positive: {
        summary:
          imbalance < 0.25 ? 'Everyone got a fair share of the talking.' : 'Several voices were heard.',
      },
      negative: {
        summary:
          imbalance < 0.25 ? 'None.' : `${top.name} did most of the talking; ask more and listen longer.`,
      },
    },
  };
}
