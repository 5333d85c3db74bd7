import { LinearModel } from '../../src/engine/nlp/LinearModel.ts';
import { sentimentClasses, sentimentFeatures } from '../../src/engine/nlp/sentimentModel.ts';
import { vaderCompound } from '../../src/engine/nlp/vaderCompound.ts';
import { readEvalFile } from '../eval/readEvalData.ts';
import { readTrainFile, writeModel } from './readTrainData.ts';
import { type Example, trainLinear } from './trainLinear.ts';

interface Rated {
  set: string;
  text: string;
  label: number;
}

/** Class of a VADER ground-truth valence: the thresholds `npm run eval` scores with. */
const classOf = (valence: number) => (valence > 0.5 ? 2 : valence < -0.5 ? 0 : 1);

/** Rows of one VADER ground-truth file, keeping those whose id passes `keep`. */
function vaderRows(set: string, keep: (id: string, row: number) => boolean): Rated[] {
  return readEvalFile(`sentiment/vader-icwsm2014/${set}_GroundTruth.txt`)
    .split(/\r?\n/)
    .filter((l) => l.includes('\t'))
    .flatMap((l, row) => {
      const [id = '', valence = '0', text = ''] = l.split('\t');
      return keep(id, row) ? [{ set, text, label: classOf(Number(valence)) }] : [];
    });
}

/** GoEmotions comments with one sentiment group (ambiguous and mixed ones left out). */
function goEmotions(file: 'train' | 'dev'): Rated[] {
  // labels.txt order: ambiguous, negative, neutral, positive.
  const toClass: Record<string, number> = { '1': 0, '2': 1, '3': 2 };
  return readTrainFile(`sentiment/goemotions-group/${file}.tsv`)
    .split('\n')
    .filter((l) => l.includes('\t'))
    .flatMap((l) => {
      const [text = '', labels = ''] = l.split('\t');
      const label = toClass[labels];
      return label === undefined
        ? []
        : [{ set: 'goemotions', text: text.replace(/\[NAME\]/g, 'Alex'), label }];
    });
}

const docOf = (id: string) => Number(id.split('_')[0]);

/**
 * Sentiment model (negative / neutral / positive): VADER's rated sentences (tweets after the 500
 * that `npm run eval` scores; New York Times editorial snippets of articles 101 on, as the scored
 * rows are articles 1-50 and 51-100 are held out; Amazon and movie review snippets) and the
 * GoEmotions training comments (sentiment groups), with VADER's compound score among the
 * features. Held out: NYT articles 51-100 and the GoEmotions dev comments. MELD is scored but,
 * being GPL-licensed television transcripts, never trained on.
 */
export function trainSentiment(): void {
  const train = [
    ...vaderRows('tweets', (_id, row) => row >= 500),
    ...vaderRows('nytEditorialSnippets', (id) => docOf(id) > 100),
    ...vaderRows('amazonReviewSnippets', () => true),
    ...vaderRows('movieReviewSnippets', () => true),
    ...goEmotions('train'),
  ];
  const heldOut = {
    nyt: vaderRows('nytEditorialSnippets', (id) => docOf(id) > 50 && docOf(id) <= 100),
    goemotions: goEmotions('dev'),
  };
  const featuresOf = (r: Rated) => sentimentFeatures(r.text, vaderCompound(r.text));
  const examples: Example[] = train.map((r) => ({ features: featuresOf(r), label: r.label }));
  const options = {
    classes: [...sentimentClasses],
    epochs: 8,
    rate: 0.05,
    l2: 1e-4,
    minCount: 20,
    minWeight: 0.05,
    seed: 19,
  };
  const file = trainLinear('sentiment', examples, options);
  const model = new LinearModel(file);
  const accuracy: Record<string, number> = {};
  for (const [name, rows] of Object.entries(heldOut)) {
    const right = rows.filter((r) => {
      const p = model.probabilities(featuresOf(r));
      return p.indexOf(Math.max(...p)) === r.label;
    }).length;
    accuracy[name] = Math.round((right / rows.length) * 1000) / 1000;
  }
  const counts = (rows: Rated[]) =>
    Object.fromEntries(
      [...new Set(rows.map((r) => r.set))].map((s) => [s, rows.filter((r) => r.set === s).length]),
    );
  file.trainedOn = {
    data: 'VADER ICWSM-14 ground truth (tweets after row 500, NYT articles > 100, Amazon, movies; valence > 0.5 / < -0.5), GoEmotions train (sentiment groups, ambiguous left out)',
    train: counts(train),
    heldOut: { nytArticles51to100: heldOut.nyt.length, goemotionsDev: heldOut.goemotions.length, accuracy },
    options,
  };
  console.log(
    `sentiment: ${examples.length} train; held-out accuracy ${JSON.stringify(accuracy)}; ${file.features.length} features`,
  );
  console.log(`wrote ${writeModel(file)}`);
}
