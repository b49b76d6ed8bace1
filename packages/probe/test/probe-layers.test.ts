// probeLayers: per layer, k-means against the task labels and the silhouette of the task labels.
import { describe, expect, it } from 'vitest';
import { kmeans, probeLayers, silhouette } from '@clusterlens/probe';
import { PROBE_METRICS, Random } from '@clusterlens/schema';
import { adjustedRandIndex } from '@clusterlens/stats';

import { blobs } from './support/random.js';

const n = 240;
const dim = 12;
const tasks = 4;
const separated = blobs(n, dim, tasks, 12, 1); // layer 2: clusters by task (point i has task i % 4)
const gauss = new Random(2);
const noise = Float32Array.from({ length: n * dim }, () => gauss.normal()); // layer 0: no task structure
const taskLabels = Int32Array.from({ length: n }, (_, i) => [10, 20, 30, -5][i % tasks]);

const cache = new Map<number, Float32Array>([
  [2, separated.data],
  [0, noise],
]);

describe('probeLayers', () => {
  it('reports every metric for every layer, in layer order', async () => {
    const rows = await probeLayers(cache, taskLabels, { dim, random: new Random(7) });
    expect(rows.map((r) => [r.layer, r.metric])).toEqual([0, 2].flatMap((layer) => PROBE_METRICS.map((m) => [layer, m])));
    const value = (layer: number, metric: string) => rows.find((r) => r.layer === layer && r.metric === metric)!.value;
    expect(value(2, 'ari')).toBe(1);
    expect(value(2, 'ami')).toBeCloseTo(1, 9);
    expect(value(2, 'nmi')).toBeCloseTo(1, 12);
    expect(value(2, 'pairF1')).toBe(1);
    expect(value(2, 'purity')).toBe(1);
    expect(value(2, 'silhouette')).toBeGreaterThan(0.5);
    expect(Math.abs(value(0, 'ari'))).toBeLessThan(0.1);
    expect(Math.abs(value(0, 'silhouette'))).toBeLessThan(0.1);
  });

  it('clusters layer l from random.fork(l, \'kmeans\'); silhouette is of the task labels', async () => {
    const rows = await probeLayers(cache, taskLabels, { dim, random: new Random(7), metrics: ['ari', 'silhouette'], nInit: 2 });
    const fit = await kmeans(noise, { n, dim, k: tasks, seed: new Random(7).fork(0, 'kmeans').seed(), nInit: 2 });
    expect(rows[0]).toEqual({ layer: 0, metric: 'ari', value: adjustedRandIndex(taskLabels, fit.labels) });
    const sil = await silhouette(noise, taskLabels, { n, dim, seed: new Random(7).fork(0, 'silhouette').seed() });
    expect(rows[1]).toEqual({ layer: 0, metric: 'silhouette', value: sil });
  });

  it('is reproducible and honours k and the metric list', async () => {
    const options = { dim, random: new Random(3), k: 2, metrics: ['purity', 'ari'] as const };
    const first = await probeLayers(cache, taskLabels, options);
    expect(await probeLayers(cache, taskLabels, { ...options, threads: 2 })).toEqual(first);
    expect(first.map((r) => r.metric)).toEqual(['purity', 'ari', 'purity', 'ari']);
    expect(first[2].value).toBeCloseTo(0.5, 12); // two clusters of four tasks: purity 1/2 at best
  });

  it('reports NaN silhouette when it is undefined', async () => {
    const rows = await probeLayers(cache, new Int32Array(n), { dim, random: new Random(0), metrics: ['silhouette', 'ari'], k: 2 });
    expect(rows[0].value).toBeNaN();
  });

  it('rejects layers of the wrong size and unknown metrics', async () => {
    await expect(probeLayers(new Map([[1, new Float32Array(5)]]), taskLabels, { dim, random: new Random(0) })).rejects.toThrow(
      /cache.get\(1\): expected taskLabels.length \* dim = 2880 values, got 5/,
    );
    await expect(probeLayers(cache, taskLabels, { dim, random: new Random(0), metrics: ['rand' as never] })).rejects.toThrow(
      /options.metrics: unknown metric 'rand'/,
    );
  });
});
