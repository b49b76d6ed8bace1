// k-means and the silhouette on the scikit-learn fixture's blobs (600 points, 16-D, 6 blobs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kmeans, silhouette } from '@clusterlens/probe';
import { adjustedRandIndex } from '@clusterlens/stats';

const blobs = (
  JSON.parse(readFileSync(new URL('../../stats/test/fixtures/sklearn-metrics.json', import.meta.url), 'utf8')) as {
    blobs: {
      X: number[][];
      y: number[];
      k: number;
      sklearn_kmeans_n_init10_inertia: number;
      silhouette_true_labels_euclidean: number;
    };
  }
).blobs;
const n = blobs.X.length;
const dim = blobs.X[0].length;
const data = Float32Array.from(blobs.X.flat());

describe('scikit-learn blobs', () => {
  it('k-means reaches scikit-learn inertia (within 0.1%) and recovers the blobs', async () => {
    for (const seed of [0, 1, 2]) {
      const result = await kmeans(data, { n, dim, k: blobs.k, seed });
      expect(result.inertia).toBeLessThanOrEqual(1.001 * blobs.sklearn_kmeans_n_init10_inertia);
      expect(adjustedRandIndex(blobs.y, result.labels)).toBe(1.0);
      expect(result.labels.length).toBe(n);
      expect(result.centroids.length).toBe(blobs.k * dim);
    }
  });

  it('silhouette of the true labels equals scikit-learn within 1e-6', async () => {
    const value = await silhouette(data, blobs.y, { n, dim, sampleSize: n, seed: 0 });
    expect(Math.abs(value - blobs.silhouette_true_labels_euclidean)).toBeLessThanOrEqual(1e-6);
  });
});
