import { type CallScoreInput, clampScore, type ScoredCriterion } from './CallScoreInput.ts';

/**
 * Next steps: whether the call ended with agreed actions, and whether each has an owner and a
 * date. No action item or follow-up scores 0; having any scores 40, and the other 60 points are
 * shared out by how many of them name an assignee (half) and a due date (half).
 */
export function nextSteps(input: CallScoreInput): ScoredCriterion {
  const name = 'Next steps';
  const steps = [...input.actionItems, ...input.followUps];
  if (steps.length === 0) {
    return {
      name,
      score: 0,
      summary: 'No next step was agreed: nobody committed to doing anything.',
      feedback: {
        positive: { summary: 'None.' },
        negative: { summary: 'Close with who does what, and by when.' },
      },
    };
  }
  const owned = steps.filter((s) => (s.assignee.name ?? '').trim() !== '').length;
  const dated = steps.filter((s) => s.dueBy !== undefined).length;
  const n = steps.length;
  const score = 40 + 60 * ((owned + dated) / (2 * n));
  const missing: string[] = [];
  if (owned < n) missing.push(`${n - owned} without an owner`);
  if (dated < n) missing.push(`${n - dated} without a date`);
  return {
    name,
    score: clampScore(score),
    summary: `${n} next step${n === 1 ? '' : 's'}: ${owned} with an owner, ${dated} with a due date.`,
    feedback: {
      positive: { summary: `${n} action${n === 1 ? ' was' : 's were'} agreed.` },
      negative: { summary: missing.length === 0 ? 'None.' : `${missing.join(' and ')}.` },
    },
  };
}
