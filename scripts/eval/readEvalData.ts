import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/eval-data relative to the repository (override with PARLEY_EVAL_DATA). */
export const evalDataDir =
  process.env.PARLEY_EVAL_DATA ?? fileURLToPath(new URL('../../../shared/eval-data/', import.meta.url));

/** A text file of the eval data, BOM stripped. */
export function readEvalFile(...parts: string[]): string {
  return readFileSync(join(evalDataDir, ...parts), 'utf8').replace(/^\uFEFF/, '');
}

/** File names in an eval-data folder, sorted. */
export function listEvalDir(...parts: string[]): string[] {
  return readdirSync(join(evalDataDir, ...parts)).sort();
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
