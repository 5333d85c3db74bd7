/** Largest set clustered agglomeratively; longer inputs cluster a even sample, then assign. */
const MAX_AGGLOMERATIVE = 300;
/** Below this mean silhouette a split into speakers is not believed (one speaker). */
const MIN_SILHOUETTE = 0.12;
const MAX_ESTIMATED_SPEAKERS = 8;
const SILHOUETTE_SLACK = 0.05;

function standardize(vectors: readonly Float32Array[]): Float64Array[] {
  const dims = vectors[0]?.length ?? 0;
  const mean = new Float64Array(dims);
  const sd = new Float64Array(dims);
  for (const v of vectors)
    for (let d = 0; d < dims; d += 1) mean[d] = (mean[d] as number) + (v[d] as number) / vectors.length;
  for (const v of vectors)
    for (let d = 0; d < dims; d += 1)
      sd[d] = (sd[d] as number) + ((v[d] as number) - (mean[d] as number)) ** 2 / vectors.length;
  return vectors.map((v) => {
    const out = new Float64Array(dims);
    for (let d = 0; d < dims; d += 1)
      out[d] = ((v[d] as number) - (mean[d] as number)) / (Math.sqrt(sd[d] as number) || 1);
    return out;
  });
}

function distance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let d = 0; d < a.length; d += 1) sum += ((a[d] as number) - (b[d] as number)) ** 2;
  return Math.sqrt(sum);
}

/**
 * Ward agglomerative clustering down to k clusters (Lance-Williams updates on squared
 * distances); Ward favours compact, similar-sized groups, so one odd segment does not become
 * a "speaker" of its own the way it does under average linkage. Returns a label per point.
 */
function agglomerate(points: Float64Array[], k: number): number[] {
  const n = points.length;
  const dist = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n);
    for (let j = 0; j < n; j += 1)
      row[j] = distance(points[i] as Float64Array, points[j] as Float64Array) ** 2;
    return row;
  });
  const size = new Array<number>(n).fill(1);
  const alive = new Array<boolean>(n).fill(true);
  const parent = Array.from({ length: n }, (_, i) => i);
  for (let clusters = n; clusters > k; clusters -= 1) {
    let best = Number.POSITIVE_INFINITY;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i += 1) {
      if (!alive[i]) continue;
      const row = dist[i] as Float64Array;
      for (let j = i + 1; j < n; j += 1) {
        if (alive[j] && (row[j] as number) < best) {
          best = row[j] as number;
          bi = i;
          bj = j;
        }
      }
    }
    const si = size[bi] as number;
    const sj = size[bj] as number;
    const dij = (dist[bi] as Float64Array)[bj] as number;
    for (let x = 0; x < n; x += 1) {
      if (!alive[x] || x === bi || x === bj) continue;
      const sx = size[x] as number;
      const merged =
        ((si + sx) * ((dist[bi] as Float64Array)[x] as number) +
          (sj + sx) * ((dist[bj] as Float64Array)[x] as number) -
          sx * dij) /
        (si + sj + sx);
      (dist[bi] as Float64Array)[x] = merged;
      (dist[x] as Float64Array)[bi] = merged;
    }
    size[bi] = si + sj;
    alive[bj] = false;
    parent[bj] = bi;
  }
  const root = (i: number): number => (parent[i] === i ? i : root(parent[i] as number));
  const ids = new Map<number, number>();
  return points.map((_, i) => {
    const r = root(i);
    if (!ids.has(r)) ids.set(r, ids.size);
    return ids.get(r) as number;
  });
}

function centroids(points: Float64Array[], labels: number[], k: number): Float64Array[] {
  const dims = points[0]?.length ?? 0;
  const sums = Array.from({ length: k }, () => new Float64Array(dims));
  const counts = new Array<number>(k).fill(0);
  points.forEach((p, i) => {
    const l = labels[i] as number;
    counts[l] = (counts[l] as number) + 1;
    for (let d = 0; d < dims; d += 1)
      (sums[l] as Float64Array)[d] = ((sums[l] as Float64Array)[d] as number) + (p[d] as number);
  });
  return sums.map((s, l) => s.map((v) => v / Math.max(1, counts[l] as number)));
}

function nearest(p: Float64Array, centres: Float64Array[]): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  centres.forEach((c, l) => {
    const d = distance(p, c);
    if (d < bestDistance) {
      best = l;
      bestDistance = d;
    }
  });
  return best;
}

function silhouette(points: Float64Array[], labels: number[], k: number): number {
  if (k < 2) return 0;
  let total = 0;
  points.forEach((p, i) => {
    const sums = new Array<number>(k).fill(0);
    const counts = new Array<number>(k).fill(0);
    points.forEach((q, j) => {
      if (i === j) return;
      const l = labels[j] as number;
      sums[l] = (sums[l] as number) + distance(p, q);
      counts[l] = (counts[l] as number) + 1;
    });
    const own = labels[i] as number;
    const a = (sums[own] as number) / Math.max(1, counts[own] as number);
    let b = Number.POSITIVE_INFINITY;
    for (let l = 0; l < k; l += 1)
      if (l !== own && (counts[l] as number) > 0)
        b = Math.min(b, (sums[l] as number) / (counts[l] as number));
    total += Number.isFinite(b) ? (b - a) / Math.max(a, b) : 0;
  });
  return total / points.length;
}

/**
 * Groups speaker feature vectors into speakers: z-scored features, Ward agglomerative
 * clustering (on an even sample of at most 300 points for long inputs), then a few k-means
 * passes over every point. With no `speakerCount`, picks 1-8 speakers by mean silhouette
 * (the fewest within 0.05 of the best; one speaker when no split reaches 0.12).
 * Returns one label per vector, numbered by first appearance (0 speaks first).
 */
export function clusterSpeakers(vectors: readonly Float32Array[], speakerCount?: number): number[] {
  if (vectors.length === 0) return [];
  const points = standardize(vectors);
  const stride = Math.max(1, Math.ceil(points.length / MAX_AGGLOMERATIVE));
  const sample = points.filter((_, i) => i % stride === 0);
  const maxK = Math.min(sample.length, MAX_ESTIMATED_SPEAKERS);
  let k = Math.max(1, Math.min(speakerCount ?? 0, sample.length));
  let sampleLabels: number[];
  if (speakerCount === undefined) {
    // Noisy dimensions make extra splits look almost as good as the true one, so take the
    // fewest speakers whose silhouette is within SILHOUETTE_SLACK of the best.
    const candidates = [];
    for (let candidate = 2; candidate <= maxK; candidate += 1) {
      const labels = agglomerate(sample, candidate);
      candidates.push({
        k: candidate,
        labels,
        score: silhouette(sample.slice(0, 600), labels.slice(0, 600), candidate),
      });
    }
    const top = Math.max(...candidates.map((c) => c.score));
    const chosen =
      top < MIN_SILHOUETTE ? undefined : candidates.find((c) => c.score >= top - SILHOUETTE_SLACK);
    k = chosen?.k ?? 1;
    sampleLabels = chosen?.labels ?? sample.map(() => 0);
  } else {
    sampleLabels = agglomerate(sample, k);
  }
  let centres = centroids(sample, sampleLabels, k);
  let labels = points.map((p) => nearest(p, centres));
  for (let pass = 0; pass < 5; pass += 1) {
    centres = centroids(points, labels, k);
    const next = points.map((p) => nearest(p, centres));
    if (next.every((l, i) => l === labels[i])) break;
    labels = next;
  }
  const order = new Map<number, number>();
  return labels.map((l) => {
    if (!order.has(l)) order.set(l, order.size);
    return order.get(l) as number;
  });
}
