// Unseen points go to the nearest fitted centroid; each cluster maps to its majority task.
import { describe, expect, it } from 'vitest';
import { kmeans, nearestCentroid } from '@clusterlens/probe';
import { matchClustersToTasks } from '@clusterlens/stats';
import { blobs } from './support/random.js';

describe('nearestCentroid', () => {
  it('assigns each point to the closest centroid, lowest index on ties', () => {
    const centroids = new Float32Array([0, 0, 10, 0, 0, 10, 10, 0]);
    const data = new Float32Array([1, 1, 9, 1, 1, 9, 5, 0, 6, 6]);
    expect(nearestCentroid(data, centroids, { n: 5, dim: 2, k: 4 })).toEqual(Int32Array.from([0, 1, 2, 0, 1]));
  });

  it('agrees with the labels k-means assigned on its own data', async () => {
    const { data, n, dim } = blobs(600, 8, 4, 6, 3);
    const fit = await kmeans(data, { n, dim, k: 4, seed: 1 });
    expect(nearestCentroid(data, fit.centroids, { n, dim, k: 4 })).toEqual(fit.labels);
  });

  it('rejects mismatched sizes', () => {
    expect(() => nearestCentroid(new Float32Array(5), new Float32Array(4), { n: 2, dim: 2, k: 2 })).toThrow(/data: expected n \* dim = 4/);
    expect(() => nearestCentroid(new Float32Array(4), new Float32Array(3), { n: 2, dim: 2, k: 2 })).toThrow(/centroids/);
  });
});

describe('nearest centroids with clusters matched to tasks', () => {
  it('lets a caller test whether unseen points land in their task cluster', async () => {
    const train = blobs(800, 6, 4, 8, 11);
    const fit = await kmeans(train.data, { n: train.n, dim: train.dim, k: 4, seed: 2 });
    const map = matchClustersToTasks(fit.labels, train.labels);
    expect(new Set(map).size).toBe(4);
    const unseen = blobs(800, 6, 4, 8, 11); // same centres, same noise stream: identical points
    const landed = nearestCentroid(unseen.data, fit.centroids, { n: unseen.n, dim: unseen.dim, k: 4 });
    for (let i = 0; i < unseen.n; i++) expect(map[landed[i]]).toBe(unseen.labels[i]);
  });
});
