/** Precision, recall and F1 of binary decisions against gold labels. */
export function binaryScores(
  predicted: readonly boolean[],
  gold: readonly boolean[],
): { p: number; r: number; f1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  predicted.forEach((x, i) => {
    if (x && gold[i]) tp++;
    else if (x) fp++;
    else if (gold[i]) fn++;
  });
  const p = tp + fp === 0 ? 0 : tp / (tp + fp);
  const r = tp + fn === 0 ? 0 : tp / (tp + fn);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { p: round(p), r: round(r), f1: round(p + r === 0 ? 0 : (2 * p * r) / (p + r)) };
}

/**
 * The probability cut that maximises F1 on held-out items, searched from 0.2 to 0.8; returns the
 * cut and the F1 it gives.
 */
export function bestThreshold(probabilities: readonly number[], gold: readonly boolean[]): [number, number] {
  let best: [number, number] = [0.5, -1];
  for (let t = 0.2; t <= 0.8001; t += 0.025) {
    const { f1 } = binaryScores(
      probabilities.map((p) => p >= t),
      gold,
    );
    if (f1 > best[1]) best = [Math.round(t * 1000) / 1000, f1];
  }
  return best;
}
