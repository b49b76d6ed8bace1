// k-means recovers well-separated blobs, whatever their label values and point order.
import { describe, expect, it } from 'vitest';
import { kmeans } from '@clusterlens/probe';
import { adjustedRandIndex } from '@clusterlens/stats';
import { blobs } from './support/random.js';

describe('k-means on separated blobs', () => {
  it('recovers the blobs (ARI 1) for several seeds and shapes', async () => {
    for (const [n, dim, k, seed] of [
      [500, 2, 3, 1],
      [1200, 16, 8, 2],
      [2000, 64, 5, 3],
    ]) {
      const { data, labels } = blobs(n, dim, k, 20, seed);
      const result = await kmeans(data, { n, dim, k, seed, threads: 2 });
      expect(adjustedRandIndex(labels, result.labels)).toBe(1);
      expect(new Set(result.labels).size).toBe(k);
    }
  });

  it('returns centroids at the blob means and the inertia of its labels', async () => {
    const { data, n, dim } = blobs(900, 4, 3, 30, 9);
    const k = 3;
    const result = await kmeans(data, { n, dim, k, seed: 0 });
    const sums = new Float64Array(k * dim);
    const counts = new Float64Array(k);
    let inertia = 0;
    for (let i = 0; i < n; i++) {
      counts[result.labels[i]]++;
      for (let d = 0; d < dim; d++) sums[result.labels[i] * dim + d] += data[i * dim + d];
    }
    for (let c = 0; c < k; c++) {
      for (let d = 0; d < dim; d++) expect(result.centroids[c * dim + d]).toBeCloseTo(sums[c * dim + d] / counts[c], 4);
    }
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < dim; d++) inertia += (data[i * dim + d] - result.centroids[result.labels[i] * dim + d]) ** 2;
    }
    expect(result.inertia).toBeCloseTo(inertia, 6);
  });

  it('k = 1 puts every point in one cluster; k = n gives inertia 0', async () => {
    const { data, n, dim } = blobs(50, 3, 2, 5, 4);
    expect(new Set((await kmeans(data, { n, dim, k: 1, seed: 0 })).labels)).toEqual(new Set([0]));
    const all = await kmeans(data, { n, dim, k: n, seed: 0, nInit: 1 });
    expect(all.inertia).toBe(0);
  });

  it('starts from given centroids when init is passed', async () => {
    const { data, n, dim } = blobs(300, 2, 3, 10, 5);
    const init = data.slice(0, 3 * dim); // points 0, 1, 2: one per blob
    const result = await kmeans(data, { n, dim, k: 3, seed: 0, init });
    expect(result.labels[0]).toBe(0);
    expect(result.labels[1]).toBe(1);
    expect(result.labels[2]).toBe(2);
  });
});
