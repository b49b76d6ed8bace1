// The same data, seed and options give the same bits; so do 1 and 2 threads.
import { describe, expect, it } from 'vitest';
import { kmeans, type KmeansResult } from '@clusterlens/probe';
import { blobs } from './support/random.js';

function expectSameBits(x: KmeansResult, y: KmeansResult): void {
  expect(y.labels).toEqual(x.labels);
  expect(Buffer.from(y.centroids.buffer)).toEqual(Buffer.from(x.centroids.buffer));
  expect(Object.is(y.inertia, x.inertia)).toBe(true);
  expect(y.iterations).toBe(x.iterations);
}

describe('k-means determinism', () => {
  // overlapping blobs, sizes that are not multiples of any tile: many iterations, real tie-breaking
  const { data, n, dim } = blobs(3001, 33, 7, 1.5, 42);
  const options = { n, dim, k: 7, seed: 123, nInit: 3 };

  it('same seed and threads: identical results', async () => {
    expectSameBits(await kmeans(data, options), await kmeans(data, options));
  });

  it('1 and 2 threads: identical results', async () => {
    expectSameBits(await kmeans(data, { ...options, threads: 1 }), await kmeans(data, { ...options, threads: 2 }));
  });

  it('concurrent calls do not interfere', async () => {
    const [x, y] = await Promise.all([kmeans(data, { ...options, threads: 2 }), kmeans(data, options)]);
    expectSameBits(x, y);
  });

  it('another seed starts elsewhere', async () => {
    const x = await kmeans(data, { ...options, nInit: 1, maxIter: 1 });
    const y = await kmeans(data, { ...options, nInit: 1, maxIter: 1, seed: 124 });
    expect(Buffer.from(y.centroids.buffer)).not.toEqual(Buffer.from(x.centroids.buffer));
  });
});
