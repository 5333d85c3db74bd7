import type { ActionMatch } from './detectActionItems.ts';
import { LinearModel, type LinearModelFile, lazyModel } from './LinearModel.ts';
import { textFeatures } from './sentenceFeatures.ts';

const model = lazyModel(
  new URL('./models/actionItems.json', import.meta.url),
  (json) => new LinearModel(json as LinearModelFile),
);

function matchKind(match: ActionMatch | undefined): string {
  if (match === undefined) return 'none';
  if (typeof match.who === 'object') return 'member';
  return `${match.who}${match.request ? '-request' : ''}${match.definitive ? '-definitive' : ''}`;
}

/**
 * Features of the action-item model: the sentence features, what the rules found (`m:` kind of
 * match, `ms:` its score in tenths), whether the rules read a question (`q:`) and a follow-up
 * (`f:`).
 */
export function actionItemFeatures(
  text: string,
  match: ActionMatch | undefined,
  question: boolean,
  followUp: boolean,
): string[] {
  return [
    ...textFeatures(text),
    `m:${matchKind(match)}`,
    `ms:${match === undefined ? 0 : Math.round(match.score * 10)}`,
    `q:${question ? 1 : 0}`,
    `f:${followUp ? 1 : 0}`,
  ];
}

/**
 * Probability that a sentence asks for, offers or commits to an action, from a logistic
 * regression over its words and the rules' reading (scripts/train/trainActionItems.ts).
 */
export function actionItemProbability(
  text: string,
  match: ActionMatch | undefined,
  question: boolean,
  followUp: boolean,
): number {
  return model().probabilities(actionItemFeatures(text, match, question, followUp))[0]!;
}
