import type { LinearModelFile } from '../../src/engine/nlp/LinearModel.ts';
import { seededRandom, shuffle } from './seededRandom.ts';

/** One training item: its features and its class (0/1 for a binary model, else the class index). */
export interface Example {
  features: readonly string[];
  label: number;
  /** How much the item counts (default 1), e.g. to balance classes or data sets. */
  weight?: number;
}

export interface TrainOptions {
  /** One name for a binary model (the "yes" class), else every class in label order. */
  classes: string[];
  epochs?: number;
  /** AdaGrad step size. */
  rate?: number;
  /** L2 penalty per update. */
  l2?: number;
  seed?: number;
  /** Features seen in fewer training items are not learned. */
  minCount?: number;
  /** Weights are written as integers of 1/scale. */
  scale?: number;
  /** Features whose largest weight is smaller than this are dropped from the file (default 0). */
  minWeight?: number;
  trainedOn?: unknown;
}

/**
 * Logistic regression (softmax for several classes) by AdaGrad over sparse string features,
 * with items visited in a seeded order, so the same data and options give the same file. Features
 * whose weights all round to zero at the file's scale, or stay under `minWeight`, are dropped.
 */
export function trainLinear(
  name: string,
  examples: readonly Example[],
  options: TrainOptions,
): LinearModelFile {
  const k = options.classes.length;
  const binary = k === 1;
  const epochs = options.epochs ?? 8;
  const rate = options.rate ?? 0.1;
  const l2 = options.l2 ?? 1e-6;
  const scale = options.scale ?? 1000;
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of new Set(e.features)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts.entries()]
    .filter(([, c]) => c >= (options.minCount ?? 2))
    .map(([f]) => f)
    .sort();
  const index = new Map(names.map((f, i) => [f, i]));
  const rows = examples.map((e) => ({
    ids: Int32Array.from(new Set(e.features.map((f) => index.get(f) ?? -1).filter((i) => i >= 0))),
    label: e.label,
    weight: e.weight ?? 1,
  }));
  const w = new Float64Array(names.length * k);
  const g2 = new Float64Array(names.length * k).fill(1e-8);
  const bias = new Float64Array(k);
  const biasG2 = new Float64Array(k).fill(1e-8);
  const random = seededRandom(options.seed ?? 19);
  const order = rows.map((_, i) => i);
  const z = new Float64Array(k);
  const grad = new Float64Array(k);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const r of order) {
      const row = rows[r]!;
      for (let c = 0; c < k; c++) z[c] = bias[c]!;
      for (const id of row.ids) for (let c = 0; c < k; c++) z[c]! += w[id * k + c]!;
      if (binary) {
        grad[0] = (1 / (1 + Math.exp(-z[0]!)) - row.label) * row.weight;
      } else {
        const max = Math.max(...z);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(z[c]! - max);
        for (let c = 0; c < k; c++)
          grad[c] = (Math.exp(z[c]! - max) / sum - (c === row.label ? 1 : 0)) * row.weight;
      }
      for (let c = 0; c < k; c++) {
        biasG2[c]! += grad[c]! ** 2;
        bias[c]! -= (rate * grad[c]!) / Math.sqrt(biasG2[c]!);
      }
      for (const id of row.ids) {
        for (let c = 0; c < k; c++) {
          const j = id * k + c;
          const g = grad[c]! + l2 * w[j]!;
          g2[j]! += g * g;
          w[j]! -= (rate * g) / Math.sqrt(g2[j]!);
        }
      }
    }
  }
  const features: string[] = [];
  const weights: number[] = [];
  names.forEach((f, i) => {
    const q = Array.from(w.subarray(i * k, i * k + k), (x) => Math.round(x * scale));
    if (q.every((x) => Math.abs(x) < Math.max(1, (options.minWeight ?? 0) * scale))) return;
    features.push(f);
    weights.push(...q);
  });
  const file: LinearModelFile = {
    name,
    version: 1,
    classes: options.classes,
    scale,
    bias: Array.from(bias, (b) => Math.round(b * scale)),
    features,
    weights,
  };
  if (options.trainedOn !== undefined) file.trainedOn = options.trainedOn;
  return file;
}
