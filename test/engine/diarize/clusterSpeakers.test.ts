import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterSpeakers } from '../../../src/engine/diarize/clusterSpeakers.ts';

/** Points around `k` well-separated centres, in a deterministic shuffled order. */
function blobs(k: number, perCluster: number, seed: number): { points: Float32Array[]; truth: number[] } {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const points: Float32Array[] = [];
  const truth: number[] = [];
  for (let i = 0; i < k * perCluster; i += 1) {
    const label = Math.floor(random() * k);
    points.push(
      Float32Array.from(
        { length: 6 },
        // Every dimension carries signal: clusterSpeakers z-scores each dimension, which would
        // blow pure-noise dimensions up to the scale of the signal ones.
        (_, d) => (d % k === label % 6 ? 10 * (1 + Math.floor(label / 6)) : 0) + random(),
      ),
    );
    truth.push(label);
  }
  return { points, truth };
}

/** True when two labelings partition the points identically. */
function samePartition(a: number[], b: number[]): boolean {
  const map = new Map<number, number>();
  const back = new Map<number, number>();
  return a.every((x, i) => {
    const y = b[i] as number;
    if ((map.has(x) && map.get(x) !== y) || (back.has(y) && back.get(y) !== x)) return false;
    map.set(x, y);
    back.set(y, x);
    return true;
  });
}

describe('clusterSpeakers', () => {
  it('recovers well-separated speakers when told how many there are', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 10_000 }), (k, seed) => {
        const { points, truth } = blobs(k, 12, seed);
        const labels = clusterSpeakers(points, new Set(truth).size);
        expect(samePartition(labels, truth)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('estimates the number of speakers when not told', () => {
    const { points, truth } = blobs(3, 15, 42);
    expect(new Set(clusterSpeakers(points)).size).toBe(new Set(truth).size);
  });

  it('numbers speakers by first appearance and handles degenerate input', () => {
    const { points } = blobs(2, 10, 7);
    expect(clusterSpeakers(points, 2)[0]).toBe(0);
    expect(clusterSpeakers([], 2)).toEqual([]);
    expect(clusterSpeakers([Float32Array.of(1, 2)], 3)).toEqual([0]);
  });

  it('clusters long inputs (sampled agglomeration plus k-means over all points)', () => {
    const { points, truth } = blobs(2, 1000, 3);
    expect(samePartition(clusterSpeakers(points, 2), truth)).toBe(true);
  });
});
