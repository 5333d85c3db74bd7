import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/eval-data relative to the repository (override with PARLEY_EVAL_DATA). */
export const evalDataDir =
  process.env.PARLEY_EVAL_DATA ?? fileURLToPath(new URL('../../../shared/eval-data/', import.meta.url));

/**
 * The path of a file or folder of the eval data, which must exist. The data sets are too large for
 * the repository, so they live beside it; when they are not there, say so plainly instead of
 * failing with a bare ENOENT deep inside an eval.
 */
export function evalDataPath(...parts: string[]): string {
  const path = join(evalDataDir, ...parts);
  if (!existsSync(path)) {
    throw new Error(
      `eval data missing: ${path} does not exist. Evals and benches read their data sets from ` +
        '../shared/eval-data beside the checkout; put them there or point PARLEY_EVAL_DATA at a copy.',
    );
  }
  return path;
}

/** A text file of the eval data, BOM stripped. */
export function readEvalFile(...parts: string[]): string {
  return readFileSync(evalDataPath(...parts), 'utf8').replace(/^\uFEFF/, '');
}

/** File names in an eval-data folder, sorted. */
export function listEvalDir(...parts: string[]): string[] {
  return readdirSync(evalDataPath(...parts)).sort();
}

/** Rows of a CSV text with quoted fields ("" escapes a quote). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
