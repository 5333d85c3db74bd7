import type { CallScore } from '../model/callScore.ts';
import { h } from './dom.ts';
import { panel } from './insightViews.ts';

/** The call score: overall, then each criterion with its score and why. */
export function callScorePanel(score: CallScore | undefined): HTMLElement {
  if (score === undefined)
    return panel('call-score', 'Call score', undefined, 'The call score is not ready yet.');
  const grade = (value: number) => (value >= 75 ? 'good' : value >= 50 ? 'fair' : 'poor');
  return panel(
    'call-score',
    'Call score',
    h(
      'div',
      { class: 'call-score' },
      h(
        'p',
        { class: `overall ${grade(score.score)}` },
        h('span', { class: 'big' }, String(Math.round(score.score))),
        h('span', { class: 'out-of' }, ' / 100'),
      ),
      score.summary ? h('p', { class: 'score-summary' }, score.summary) : undefined,
      h(
        'ul',
        { class: 'criteria' },
        ...(score.criteria ?? []).map((criterion) =>
          h(
            'li',
            { class: grade(criterion.score) },
            h(
              'div',
              { class: 'criterion-head' },
              h('span', { class: 'criterion-name' }, criterion.name),
              h('meter', {
                min: 0,
                max: 100,
                low: 50,
                high: 75,
                optimum: 100,
                value: criterion.score,
                'aria-label': `${criterion.name} score`,
              }),
              h('span', { class: 'criterion-score' }, String(Math.round(criterion.score))),
            ),
            criterion.summary ? h('p', {}, criterion.summary) : undefined,
            feedbackLine('Went well', criterion.feedback?.positive?.summary),
            feedbackLine('To improve', criterion.feedback?.negative?.summary),
          ),
        ),
      ),
    ),
    '',
  );
}

function feedbackLine(label: string, text: string | undefined) {
  if (text === undefined || text === 'None.') return undefined;
  return h('p', { class: 'feedback' }, h('strong', {}, `${label}: `), text);
}
