import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LinearModel, type LinearModelFile, lazyModel } from '../../../src/engine/nlp/LinearModel.ts';

const binary: LinearModelFile = {
  name: 'toy',
  version: 1,
  classes: ['yes'],
  scale: 100,
  bias: [-50],
  features: ['w:call', 'w:not'],
  weights: [300, -400],
};

describe('LinearModel', () => {
  it('adds the weights of known features to the bias and ignores unknown ones', () => {
    const model = new LinearModel(binary);
    expect(model.size).toBe(2);
    expect(model.logits(['w:call', 'w:unknown'])[0]).toBeCloseTo(2.5, 12);
    expect(model.probabilities([])[0]).toBeCloseTo(1 / (1 + Math.exp(0.5)), 12);
  });

  it('gives softmax probabilities for several classes', () => {
    const model = new LinearModel({
      ...binary,
      classes: ['a', 'b', 'c'],
      bias: [0, 0, 0],
      features: ['x'],
      weights: [100, 0, -100],
    });
    const p = model.probabilities(['x']);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 12);
    expect(p[0]).toBeGreaterThan(p[1]!);
    expect(p[1]).toBeGreaterThan(p[2]!);
  });

  it('refuses a file whose weights do not match its features and classes', () => {
    expect(() => new LinearModel({ ...binary, weights: [1] })).toThrow(/2 features, 1 weights/);
    expect(() => new LinearModel({ ...binary, bias: [] })).toThrow();
  });

  it('reads a model file once, on first use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-model-'));
    try {
      const path = join(dir, 'toy.json');
      writeFileSync(path, JSON.stringify(binary));
      let builds = 0;
      const get = lazyModel(pathToFileURL(path), (json) => {
        builds++;
        return new LinearModel(json as LinearModelFile);
      });
      expect(builds).toBe(0);
      const first = get();
      rmSync(path);
      expect(get()).toBe(first);
      expect(builds).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
