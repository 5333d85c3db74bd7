/** Lower-cased words with punctuation dropped (apostrophes kept), as WER scoring compares them. */
export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, by edit
 * distance over normalised words. 0 for an empty reference.
 */
export function wordErrorRate(reference: string, hypothesis: string): number {
  const r = normalizeWords(reference);
  const h = normalizeWords(hypothesis);
  let prev = Array.from({ length: h.length + 1 }, (_, j) => j);
  for (let i = 1; i <= r.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= h.length; j += 1) {
      const substitution = (prev[j - 1] as number) + (r[i - 1] === h[j - 1] ? 0 : 1);
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, substitution);
    }
    prev = row;
  }
  return r.length === 0 ? 0 : (prev[h.length] as number) / r.length;
}
