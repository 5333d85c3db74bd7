import { readFileSync } from 'node:fs';

/**
 * The file form of a trained linear model: feature names, their weights (integers, divided by
 * `scale`), one bias per class. A binary model has one class, its logit for "yes"; a model with
 * several classes has one weight per class for each feature, feature-major.
 */
export interface LinearModelFile {
  name: string;
  version: number;
  classes: string[];
  scale: number;
  bias: number[];
  features: string[];
  weights: number[];
  /** How the model was trained: data, split, seed, scores on held-out data. */
  trainedOn?: unknown;
}

/** A linear classifier over string features, read from its file form. */
export class LinearModel {
  readonly name: string;
  readonly classes: readonly string[];
  readonly #bias: Float64Array;
  /** Where each feature's weights start in #weights, divided by the number of classes. */
  readonly #index = new Map<string, number>();
  readonly #weights: Float64Array;

  constructor(file: LinearModelFile) {
    const k = file.classes.length;
    if (k < 1 || file.bias.length !== k || file.weights.length !== file.features.length * k) {
      throw new Error(`model ${file.name}: ${file.features.length} features, ${file.weights.length} weights`);
    }
    this.name = file.name;
    this.classes = file.classes;
    this.#bias = Float64Array.from(file.bias, (b) => b / file.scale);
    this.#weights = Float64Array.from(file.weights, (w) => w / file.scale);
    file.features.forEach((f, i) => {
      this.#index.set(f, i);
    });
  }

  /** Number of features with a weight. */
  get size(): number {
    return this.#index.size;
  }

  /** Raw scores (logits), one per class; features the model does not know add nothing. */
  logits(features: Iterable<string>): Float64Array {
    const out = Float64Array.from(this.#bias);
    const k = out.length;
    const weights = this.#weights;
    for (const f of features) {
      const i = this.#index.get(f);
      if (i === undefined) continue;
      for (let c = 0, at = i * k; c < k; c++, at++) out[c]! += weights[at]!;
    }
    return out;
  }

  /** Binary model: probability of "yes". Several classes: softmax probabilities. */
  probabilities(features: Iterable<string>): Float64Array {
    const z = this.logits(features);
    if (z.length === 1) return Float64Array.of(1 / (1 + Math.exp(-z[0]!)));
    const max = Math.max(...z);
    let sum = 0;
    for (let c = 0; c < z.length; c++) {
      z[c] = Math.exp(z[c]! - max);
      sum += z[c]!;
    }
    for (let c = 0; c < z.length; c++) z[c]! /= sum;
    return z;
  }
}

/**
 * A model file shipped beside the code, read and parsed on first use only: `url` is built with
 * `new URL('./models/<name>.json', import.meta.url)`, which also resolves inside the published
 * package.
 */
export function lazyModel<T>(url: URL, build: (json: unknown) => T): () => T {
  let model: T | undefined;
  return () => {
    model ??= build(JSON.parse(readFileSync(url, 'utf8')));
    return model;
  };
}
