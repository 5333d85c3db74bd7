import { LinearModel, type LinearModelFile, lazyModel } from './LinearModel.ts';
import { textFeatures } from './sentenceFeatures.ts';

const model = lazyModel(
  new URL('./models/sentiment.json', import.meta.url),
  (json) => new LinearModel(json as LinearModelFile),
);

/** The sentiment model's classes, in the order of its outputs. */
export const sentimentClasses = ['negative', 'neutral', 'positive'] as const;

/**
 * Features of the sentiment model: the sentence features, VADER's compound score in tenths
 * (`v:`), and whether the sentence ends with "!" or "?" (`p:`), which VADER reads too.
 */
export function sentimentFeatures(text: string, vader: number): string[] {
  const features = [...textFeatures(text), `v:${Math.round(vader * 10)}`];
  const end = /[!?]["')\]]*$/.exec(text.trim());
  if (end) features.push(`p:${end[0][0]}`);
  return features;
}

/** Probabilities of negative, neutral and positive for one sentence (scripts/train/trainSentiment.ts). */
export function sentimentProbabilities(text: string, vader: number): Float64Array {
  return model().probabilities(sentimentFeatures(text, vader));
}
