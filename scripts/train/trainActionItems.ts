import { actionItemFeatures } from '../../src/engine/nlp/actionItemModel.ts';
import { followUpRule } from '../../src/engine/nlp/classifyFollowUp.ts';
import { findActionMatch } from '../../src/engine/nlp/detectActionItems.ts';
import { LinearModel } from '../../src/engine/nlp/LinearModel.ts';
import { questionScore } from '../../src/engine/nlp/questionScore.ts';
import { readEvalFile } from '../eval/readEvalData.ts';
import { bestThreshold, binaryScores } from './binaryScores.ts';
import { enronTrain } from './readEvalSets.ts';
import { writeModel } from './readTrainData.ts';
import { seededRandom, shuffle } from './seededRandom.ts';
import { type Example, trainLinear } from './trainLinear.ts';

const normal = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** The action-item model's features of a sentence, with the rules' reading computed here. */
export function featuresOf(text: string): string[] {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  return actionItemFeatures(text, findActionMatch(lower, []), questionScore(text) >= 0.5, followUpRule(text));
}

/**
 * Action-item model: Parakweet's Enron intent training sentences ("Yes": the sentence asks for,
 * offers or commits to an action), less the 4 sentences that also occur in its test file. A
 * seeded 15% of them is held out to choose the decision cut; the test file is never read except
 * to drop those repeats.
 */
export function trainActionItems(): void {
  const scored = new Set(
    readEvalFile('action-items/enron-email-intent/test.tsv')
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => normal(l.split('\t')[1] ?? '')),
  );
  const all = enronTrain().filter((x) => !scored.has(normal(x.text)));
  shuffle(all, seededRandom(19));
  const cut = Math.round(all.length * 0.15);
  const dev = all.slice(0, cut);
  const train = all.slice(cut);
  const examples: Example[] = train.map((x) => ({
    features: featuresOf(x.text),
    label: x.actionable ? 1 : 0,
  }));
  const options = { classes: ['action_item'], epochs: 10, rate: 0.05, l2: 1e-5, minCount: 2, seed: 19 };
  const file = trainLinear('actionItems', examples, options);
  const model = new LinearModel(file);
  const gold = dev.map((x) => x.actionable);
  const [threshold, f1] = bestThreshold(
    dev.map((x) => model.probabilities(featuresOf(x.text))[0]!),
    gold,
  );
  file.bias[0]! -= Math.round(Math.log(threshold / (1 - threshold)) * file.scale);
  const rules = binaryScores(
    dev.map((x) => findActionMatch(x.text.toLowerCase(), []) !== undefined),
    gold,
  );
  file.trainedOn = {
    data: 'Parakweet Enron email intent, train file (Yes = actionable), sentences also in the test file removed',
    train: { items: train.length, positives: train.filter((x) => x.actionable).length },
    heldOut: { items: dev.length, f1, cut: threshold, rulesF1: rules.f1 },
    options,
  };
  console.log(
    `actionItems: ${train.length} train, ${dev.length} held out; F1 ${f1} at ${threshold} (rules ${rules.f1}); ${file.features.length} features`,
  );
  console.log(`wrote ${writeModel(file)}`);
}
