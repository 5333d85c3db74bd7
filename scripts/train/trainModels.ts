import { trainActionItems } from './trainActionItems.ts';
import { trainFollowUps } from './trainFollowUps.ts';
import { trainNames } from './trainNames.ts';
import { trainQuestions } from './trainQuestions.ts';
import { trainSentiment } from './trainSentiment.ts';

/**
 * `npm run train [-- name...]`: trains the insight models from ../shared/train-data and
 * ../shared/eval-data (training splits only) and writes them to src/engine/nlp/models/.
 */
const trainers: Record<string, () => void> = {
  actionItems: trainActionItems,
  followUps: trainFollowUps,
  names: trainNames,
  questions: trainQuestions,
  sentiment: trainSentiment,
};
const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(trainers)) {
  const train = trainers[name];
  if (!train) throw new Error(`unknown model "${name}"; known: ${Object.keys(trainers).join(', ')}`);
  const started = Date.now();
  train();
  console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
