import { normalizeWords } from '../src/engine/asr/wordErrorRate.ts';

/** The sentences of a text: split after `.`, `?` or `!` followed by a space or the end. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.?!])\s+/)
    .map((s) => s.trim())
    .filter((s) => normalizeWords(s).length > 0);
}

/**
 * How many reference sentences had their words recognised in more than one final: the
 * hypothesis words (with the index of the final each came in) are aligned to the reference
 * words by edit distance, and each matched or substituted word carries its final to the
 * sentence of the reference word it stands for.
 */
export function countSplitSentences(
  sentences: readonly string[],
  finals: readonly string[],
): { sentences: number; split: number; splits: Array<{ sentence: number; finals: number[] }> } {
  const ref: Array<{ word: string; sentence: number }> = [];
  sentences.forEach((s, sentence) => {
    for (const word of normalizeWords(s)) ref.push({ word, sentence });
  });
  const hyp: Array<{ word: string; final: number }> = [];
  finals.forEach((f, final) => {
    for (const word of normalizeWords(f)) hyp.push({ word, final });
  });
  const n = ref.length;
  const m = hyp.length;
  // Full table for the backtrace: fine for meetings of a few thousand words.
  const cost = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => i * (m + 1) + j;
  for (let i = 0; i <= n; i += 1) cost[at(i, 0)] = i;
  for (let j = 0; j <= m; j += 1) cost[at(0, j)] = j;
  for (let i = 1; i <= n; i += 1)
    for (let j = 1; j <= m; j += 1) {
      const same = ref[i - 1]?.word === hyp[j - 1]?.word ? 0 : 1;
      cost[at(i, j)] = Math.min(
        (cost[at(i - 1, j - 1)] as number) + same,
        (cost[at(i - 1, j)] as number) + 1,
        (cost[at(i, j - 1)] as number) + 1,
      );
    }
  const finalsOf = sentences.map(() => new Set<number>());
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const same = ref[i - 1]?.word === hyp[j - 1]?.word ? 0 : 1;
    if (cost[at(i, j)] === (cost[at(i - 1, j - 1)] as number) + same) {
      finalsOf[(ref[i - 1] as { sentence: number }).sentence]?.add((hyp[j - 1] as { final: number }).final);
      i -= 1;
      j -= 1;
    } else if (cost[at(i, j)] === (cost[at(i - 1, j)] as number) + 1) i -= 1;
    else j -= 1;
  }
  const splits = finalsOf.flatMap((s, sentence) =>
    s.size > 1 ? [{ sentence, finals: [...s].sort((a, b) => a - b) }] : [],
  );
  return { sentences: sentences.length, split: splits.length, splits };
}
