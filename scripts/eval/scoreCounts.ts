/** Binary detection counts and the scores printed by the nlp evaluation. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export function emptyCounts(): Counts {
  return { tp: 0, fp: 0, fn: 0 };
}

/** Adds one binary decision to `c`. */
export function countDecision(c: Counts, predicted: boolean, gold: boolean): void {
  if (predicted && gold) c.tp++;
  else if (predicted) c.fp++;
  else if (gold) c.fn++;
}

/** "P 0.91 R 0.88 F1 0.89 (n tp/fp/fn)". */
export function formatCounts(c: Counts): string {
  const p = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  return `P ${p.toFixed(2)} R ${r.toFixed(2)} F1 ${f.toFixed(2)} (${c.tp}/${c.fp}/${c.fn})`;
}

/** Prints one analyzer row: ours against the baseline measured in the same run. */
export function printRow(task: string, ours: string, baseline: string): void {
  console.log(`${task.padEnd(34)} ours: ${ours.padEnd(40)} baseline: ${baseline}`);
}

/** Accuracy as "0.81 (405/500)". */
export function formatAccuracy(right: number, total: number): string {
  return `acc ${(total === 0 ? 0 : right / total).toFixed(2)} (${right}/${total})`;
}
