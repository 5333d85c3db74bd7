import type { AttributedSpan } from './speakerAttribution.ts';

/** Parts of the diarization error rate, in seconds of reference speaker time. */
export interface DiarizationError {
  /** (missed + falseAlarm + confusion) / referenceSeconds; 0 when the reference is empty. */
  der: number;
  missed: number;
  falseAlarm: number;
  confusion: number;
  referenceSeconds: number;
}

/** Frame step of the scoring grid (10 ms, as md-eval scores without a collar). */
const STEP = 0.01;

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

function speakersAt(spans: readonly AttributedSpan[], names: string[], frames: number): Uint8Array[] {
  const grid = names.map(() => new Uint8Array(frames));
  for (const s of spans) {
    const row = grid[names.indexOf(s.speaker)] as Uint8Array;
    const from = Math.max(0, Math.round(s.start / STEP));
    const to = Math.min(frames, Math.round(s.end / STEP));
    for (let f = from; f < to; f += 1) row[f] = 1;
  }
  return grid;
}

/**
 * NIST diarization error rate on a 10 ms grid over [0, `until`), overlap scored, no collar:
 * per frame, missed = max(0, ref - hyp) speakers, false alarm = max(0, hyp - ref), confusion =
 * min(ref, hyp) - speakers matched under the one-to-one speaker mapping that maximises matched
 * time (exhaustive up to 7 hypothesis speakers, greedy beyond).
 */
export function diarizationErrorRate(
  reference: readonly AttributedSpan[],
  hypothesis: readonly AttributedSpan[],
  until: number,
): DiarizationError {
  const frames = Math.max(0, Math.round(until / STEP));
  const refNames = [...new Set(reference.map((s) => s.speaker))];
  const hypNames = [...new Set(hypothesis.map((s) => s.speaker))];
  const ref = speakersAt(reference, refNames, frames);
  const hyp = speakersAt(hypothesis, hypNames, frames);
  const together = hypNames.map((_, h) =>
    refNames.map((_, r) => {
      let n = 0;
      const a = hyp[h] as Uint8Array;
      const b = ref[r] as Uint8Array;
      for (let f = 0; f < frames; f += 1) n += (a[f] as number) & (b[f] as number);
      return n;
    }),
  );
  const matchedBy = (mapping: Array<number | undefined>): number =>
    mapping.reduce<number>(
      (s, r, h) => s + (r === undefined ? 0 : ((together[h] as number[])[r] as number)),
      0,
    );
  let matched = 0;
  if (Math.max(hypNames.length, refNames.length) <= 7) {
    const slots: Array<number | undefined> = [
      ...refNames.map((_, r) => r),
      ...Array.from({ length: Math.max(0, hypNames.length - refNames.length) }, () => undefined),
    ];
    for (const p of permutations(slots)) matched = Math.max(matched, matchedBy(p.slice(0, hypNames.length)));
  } else {
    const used = new Set<number>();
    matched = matchedBy(
      hypNames.map((_, h) => {
        const row = together[h] as number[];
        const pick = row
          .map((n, r) => [n, r] as const)
          .filter(([, r]) => !used.has(r))
          .sort((x, y) => y[0] - x[0])[0]?.[1];
        if (pick !== undefined) used.add(pick);
        return pick;
      }),
    );
  }
  let refTotal = 0;
  let missed = 0;
  let falseAlarm = 0;
  let both = 0;
  for (let f = 0; f < frames; f += 1) {
    let r = 0;
    let h = 0;
    for (const row of ref) r += row[f] as number;
    for (const row of hyp) h += row[f] as number;
    refTotal += r;
    missed += Math.max(0, r - h);
    falseAlarm += Math.max(0, h - r);
    both += Math.min(r, h);
  }
  const confusion = both - matched;
  const seconds = (n: number): number => Math.round(n * STEP * 1000) / 1000;
  return {
    der: refTotal === 0 ? 0 : (missed + falseAlarm + confusion) / refTotal,
    missed: seconds(missed),
    falseAlarm: seconds(falseAlarm),
    confusion: seconds(confusion),
    referenceSeconds: seconds(refTotal),
  };
}
