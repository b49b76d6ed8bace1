// Which examples an alignment budget buys: a seeded uniform draw, or examples covering every k-means cluster.
import { describe, expect, it } from 'vitest';

import { Random } from '@clusterlens/schema';

import { clusterSelection, coverClusters, randomSelection } from '../src/alignment/selection.js';

describe('random selection', () => {
  it('draws the budget of distinct pool indices', () => {
    const chosen = randomSelection(50, 20, new Random(1));
    expect(chosen).toHaveLength(20);
    expect(new Set(chosen).size).toBe(20);
    expect(chosen.every((i) => Number.isInteger(i) && i >= 0 && i < 50)).toBe(true);
  });

  it('the same seed draws the same examples', () => {
    expect(randomSelection(50, 20, new Random(1))).toEqual(randomSelection(50, 20, new Random(1)));
  });

  it('another seed draws other examples', () => {
    expect(randomSelection(50, 20, new Random(2))).not.toEqual(randomSelection(50, 20, new Random(1)));
  });
});

describe('covering clusters', () => {
  // Cluster 0 has 5 members, cluster 1 has 3, cluster 2 has 1 (the small one a uniform draw of 3 would often miss).
  const labels = Int32Array.from([0, 0, 1, 0, 2, 1, 0, 0, 1]);
  const distances = Float64Array.from([5, 1, 3, 2, 9, 1, 4, 3, 2]);

  it('a budget of k takes one example of every cluster', () => {
    const chosen = coverClusters(labels, distances, 3, 3);
    expect(new Set(chosen.map((i) => labels[i]))).toEqual(new Set([0, 1, 2]));
  });

  it("each cluster gives its members nearest to the centroid first, largest cluster first", () => {
    expect(coverClusters(labels, distances, 3, 3)).toEqual([1, 5, 4]);
  });

  it('a larger budget goes round the clusters that still have members', () => {
    expect(coverClusters(labels, distances, 3, 7)).toEqual([1, 5, 4, 3, 8, 7, 2]);
  });

  it('a budget below k covers the largest clusters', () => {
    expect(coverClusters(labels, distances, 3, 2).map((i) => labels[i])).toEqual([0, 1]);
  });

  it('clusterSelection covers every blob of well-separated points (engine k-means)', async () => {
    // 4 blobs in 2-D of unequal sizes (20, 10, 5, 3 points), far apart.
    const centres = [[0, 0], [100, 0], [0, 100], [100, 100]];
    const sizes = [20, 10, 5, 3];
    const noise = new Random(7);
    const points: number[] = [];
    const blob: number[] = [];
    sizes.forEach((size, b) => {
      for (let i = 0; i < size; i++) {
        points.push(centres[b][0] + noise.float(), centres[b][1] + noise.float());
        blob.push(b);
      }
    });
    const chosen = await clusterSelection({
      states: Float32Array.from(points),
      n: blob.length,
      dim: 2,
      k: 4,
      budget: 4,
      kmeans: { nInit: 4, maxIter: 100, tol: 1e-4 },
      standardize: false,
      random: new Random(3),
      threads: 1,
    });
    expect(new Set(chosen.map((i) => blob[i]))).toEqual(new Set([0, 1, 2, 3]));
  });
});
