import { followUpFeatures, followUpRule } from '../../src/engine/nlp/classifyFollowUp.ts';
import { LinearModel } from '../../src/engine/nlp/LinearModel.ts';
import { bestThreshold, binaryScores } from './binaryScores.ts';
import { clincSplit, enronTrain } from './readEvalSets.ts';
import { readTrainFile, writeModel } from './readTrainData.ts';
import { type Example, trainLinear } from './trainLinear.ts';

/** CLINC150 intents that are follow-ups: the labels `npm run eval` scores. */
const clincFollowUps = new Set(['make_call', 'schedule_meeting', 'text']);
/** SLURP intents that are follow-ups, likewise. */
const slurpFollowUps = new Set(['email_sendemail', 'calendar_set']);

/**
 * Follow-up model: CLINC150's train split (15,000 items + 100 out of scope) and SLURP's devel
 * split (2,033), with the intents `npm run eval` counts as follow-ups as the positives; and the
 * Enron intent training sentences that are actionable and whose action is a contact verb (by the
 * rules), as follow-ups, so the model also knows commitments and requests in working language
 * ("I will call you tomorrow"). The decision cut is
 * chosen on CLINC150's validation split. No test split is read.
 */
export function trainFollowUps(): void {
  const items = [
    ...[...clincSplit('train'), ...clincSplit('oos_train')].map(([text, intent]) => ({
      text,
      gold: clincFollowUps.has(intent),
    })),
    ...readTrainFile('follow-ups/slurp/devel.jsonl')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { sentence: string; intent: string })
      .map((x) => ({ text: x.sentence, gold: slurpFollowUps.has(x.intent) })),
    // An actionable sentence whose action is a contact verb is a follow-up. The others are left
    // out: Parakweet's "No" marks sentences that ask nothing of the reader, which includes the
    // writer's own commitments ("I will send you the file").
    ...enronTrain()
      .filter(({ text, actionable }) => actionable && followUpRule(text))
      .map(({ text }) => ({ text, gold: true })),
  ];
  const examples: Example[] = items.map((x) => ({
    features: followUpFeatures(x.text),
    label: x.gold ? 1 : 0,
  }));
  const options = {
    classes: ['follow_up'],
    epochs: 10,
    rate: 0.05,
    l2: 1e-5,
    minCount: 3,
    minWeight: 0.05,
    seed: 19,
  };
  const file = trainLinear('followUps', examples, options);
  const dev = [...clincSplit('val'), ...clincSplit('oos_val')];
  const gold = dev.map(([, intent]) => clincFollowUps.has(intent));
  const model = new LinearModel(file);
  const [threshold, f1] = bestThreshold(
    dev.map(([text]) => model.probabilities(followUpFeatures(text))[0]!),
    gold,
  );
  // Move the bias so that 0.5 is the cut chosen on the validation split.
  file.bias[0]! -= Math.round(Math.log(threshold / (1 - threshold)) * file.scale);
  const rules = binaryScores(
    dev.map(([text]) => followUpRule(text)),
    gold,
  );
  file.trainedOn = {
    data: 'CLINC150 train + oos_train (make_call, schedule_meeting, text = yes); SLURP devel (email_sendemail, calendar_set = yes); Enron intent train (Yes and rules = yes)',
    items: examples.length,
    positives: items.filter((x) => x.gold).length,
    validation: { set: 'CLINC150 val + oos_val', items: dev.length, f1, cut: threshold, rulesF1: rules.f1 },
    options,
  };
  console.log(
    `followUps: ${examples.length} items; validation F1 ${f1} at ${threshold} (rules ${rules.f1}); ${file.features.length} features`,
  );
  console.log(`wrote ${writeModel(file)}`);
}
