/** A stretch of time attributed to a speaker (reference turn or recognised word). */
export interface AttributedSpan {
  speaker: string;
  start: number;
  end: number;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/**
 * Share of hypothesis speech time given to the right speaker under the best one-to-one mapping
 * of hypothesis speakers to reference speakers (exhaustive up to 7 speakers, greedy beyond).
 * Each hypothesis span counts for the reference speaker whose turns overlap it most; spans
 * overlapping no reference turn are ignored. Returns 1 when there is nothing to score.
 */
export function speakerAttribution(
  reference: readonly AttributedSpan[],
  hypothesis: readonly AttributedSpan[],
): number {
  const overlap = new Map<string, Map<string, number>>();
  let total = 0;
  for (const h of hypothesis) {
    const shares = new Map<string, number>();
    for (const r of reference) {
      const o = Math.min(h.end, r.end) - Math.max(h.start, r.start);
      if (o > 0) shares.set(r.speaker, (shares.get(r.speaker) ?? 0) + o);
    }
    if (shares.size === 0) continue;
    const [truth] = [...shares.entries()].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const duration = h.end - h.start;
    total += duration;
    const row = overlap.get(h.speaker) ?? new Map<string, number>();
    row.set(truth, (row.get(truth) ?? 0) + duration);
    overlap.set(h.speaker, row);
  }
  if (total === 0) return 1;
  const hyp = [...overlap.keys()];
  const ref = [...new Set(reference.map((r) => r.speaker))];
  const score = (mapping: Array<string | undefined>): number =>
    hyp.reduce(
      (s, h, i) => s + (mapping[i] === undefined ? 0 : (overlap.get(h)?.get(mapping[i] as string) ?? 0)),
      0,
    );
  let best = 0;
  if (Math.max(hyp.length, ref.length) <= 7) {
    const padded: Array<string | undefined> = [
      ...ref,
      ...Array.from({ length: Math.max(0, hyp.length - ref.length) }, () => undefined),
    ];
    for (const p of permutations(padded)) best = Math.max(best, score(p.slice(0, hyp.length)));
  } else {
    const used = new Set<string>();
    best = score(
      hyp.map((h) => {
        const pick = [...(overlap.get(h)?.entries() ?? [])]
          .filter(([r]) => !used.has(r))
          .sort((a, b) => b[1] - a[1])[0]?.[0];
        if (pick) used.add(pick);
        return pick;
      }),
    );
  }
  return best / total;
}
