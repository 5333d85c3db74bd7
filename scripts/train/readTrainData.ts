import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LinearModelFile } from '../../src/engine/nlp/LinearModel.ts';

/** ../shared/train-data relative to the repository (override with PARLEY_TRAIN_DATA). */
export const trainDataDir =
  process.env.PARLEY_TRAIN_DATA ?? fileURLToPath(new URL('../../../shared/train-data/', import.meta.url));

/** A text file of the training data, BOM stripped. */
export function readTrainFile(...parts: string[]): string {
  return readFileSync(join(trainDataDir, ...parts), 'utf8').replace(/^\uFEFF/, '');
}

/** File names in a training-data folder, sorted. */
export function listTrainDir(...parts: string[]): string[] {
  return readdirSync(join(trainDataDir, ...parts)).sort();
}

/** Writes a model where the analyzers load it: src/engine/nlp/models/<name>.json. */
export function writeModel(file: LinearModelFile): string {
  const path = fileURLToPath(new URL(`../../src/engine/nlp/models/${file.name}.json`, import.meta.url));
  writeFileSync(path, `${JSON.stringify(file)}\n`);
  return path;
}
