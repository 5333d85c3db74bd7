import { type CallScoreInput, clampScore, type ScoredCriterion } from './CallScoreInput.ts';

/** Words per minute that are easy to follow in conversation. */
const COMFORTABLE = { low: 110, high: 170 } as const;
/** How far outside the comfortable band the score falls to 0. */
const TOLERANCE_WPM = 60;

/**
 * Pace: whether people spoke at a rate that is easy to follow. A speaker inside 110-170 words per
 * minute scores 100, falling to 0 at 60 words per minute outside that band; the criterion is the
 * mean over speakers weighted by how long each talked.
 */
export function pace(input: CallScoreInput): ScoredCriterion {
  const name = 'Pace';
  const speakers = input.analytics.members.filter((m) => m.talkTime.seconds > 0 && m.pace.wpm > 0);
  if (speakers.length === 0) {
    return {
      name,
      score: 50,
      summary: 'There was no timed speech to measure a pace from.',
      feedback: { positive: { summary: 'None.' }, negative: { summary: 'None.' } },
    };
  }
  const scoreOf = (wpm: number) => {
    const outside = wpm < COMFORTABLE.low ? COMFORTABLE.low - wpm : Math.max(0, wpm - COMFORTABLE.high);
    return 100 * (1 - Math.min(1, outside / TOLERANCE_WPM));
  };
  const total = speakers.reduce((sum, s) => sum + s.talkTime.seconds, 0);
  const score = speakers.reduce((sum, s) => sum + scoreOf(s.pace.wpm) * s.talkTime.seconds, 0) / total;
  const fast = speakers.filter((s) => s.pace.wpm > COMFORTABLE.high).map((s) => s.name);
  const slow = speakers.filter((s) => s.pace.wpm < COMFORTABLE.low).map((s) => s.name);
  const rates = speakers.map((s) => `${s.name} ${Math.round(s.pace.wpm)}`).join(', ');
  const problems = [
    ...(fast.length > 0 ? [`${fast.join(' and ')} spoke fast`] : []),
    ...(slow.length > 0 ? [`${slow.join(' and ')} spoke slowly`] : []),
  ];
  return {
    name,
    score: clampScore(score),
    summary: `Words per minute: ${rates} (easy to follow: ${COMFORTABLE.low}-${COMFORTABLE.high}).`,
    feedback: {
      positive: {
        summary:
          problems.length === 0 ? 'Everyone spoke at an easy pace.' : 'Some of the call was at an easy pace.',
      },
      negative: { summary: problems.length === 0 ? 'None.' : `${problems.join('; ')}.` },
    },
  };
}
