// The silhouette: exact on all points, reproducible on a seeded subsample, any integer labels.
import { describe, expect, it } from 'vitest';
import { silhouette } from '@clusterlens/probe';
import { blobs } from './support/random.js';

// O(n^2) reference in double precision, singletons scoring 0.
function referenceSilhouette(data: Float32Array, labels: Int32Array, n: number, dim: number): number {
  const clusters = [...new Set(labels)];
  const size = new Map(clusters.map((c) => [c, labels.filter((l) => l === c).length]));
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sums = new Map(clusters.map((c) => [c, 0]));
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let f = 0; f < dim; f++) d += (data[i * dim + f] - data[j * dim + f]) ** 2;
      sums.set(labels[j], sums.get(labels[j])! + Math.sqrt(d));
    }
    if (size.get(labels[i]) === 1) continue;
    const a = sums.get(labels[i])! / (size.get(labels[i])! - 1);
    const b = Math.min(...clusters.filter((c) => c !== labels[i]).map((c) => sums.get(c)! / size.get(c)!));
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

describe('silhouette', () => {
  const { data, labels, n, dim } = blobs(400, 5, 4, 3, 7);
  labels[10] = 99; // a singleton cluster

  it('equals the O(n^2) reference on all points', async () => {
    const want = referenceSilhouette(data, labels, n, dim);
    expect(Math.abs((await silhouette(data, labels, { n, dim, seed: 0 })) - want)).toBeLessThan(1e-6);
  });

  it('does not depend on label values', async () => {
    const relabelled = labels.map((l) => -3 * l - 1);
    expect(await silhouette(data, relabelled, { n, dim, seed: 0 })).toBe(await silhouette(data, labels, { n, dim, seed: 0 }));
  });

  it('subsamples reproducibly, identically across threads, near the full value', async () => {
    const full = await silhouette(data, labels, { n, dim, seed: 0 });
    const x = await silhouette(data, labels, { n, dim, sampleSize: 150, seed: 5 });
    const y = await silhouette(data, labels, { n, dim, sampleSize: 150, seed: 5, threads: 2 });
    const z = await silhouette(data, labels, { n, dim, sampleSize: 150, seed: 6 });
    expect(y).toBe(x);
    expect(z).not.toBe(x);
    expect(Math.abs(x - full)).toBeLessThan(0.1);
  });
});
