// The clustering probe of PROTOCOL section 3: per layer, k-means on the hidden states, scored
// against the task labels.
import { PROBE_METRICS, type ProbeMetric, type Random } from '@clusterlens/schema';
import { adjustedMutualInfo, adjustedRandIndex, denseLabels, normalizedMutualInfo, pairF1, purity } from '@clusterlens/stats';

import { kmeans, KMEANS_DEFAULTS } from './kmeans.js';
import { silhouette, SILHOUETTE_SAMPLE_SIZE } from './silhouette.js';
import { fitStandardizer, standardize } from './standardize.js';

export interface ProbeOptions {
  /** Features per hidden state; every layer holds taskLabels.length * dim floats. */
  dim: number;
  /** Clusters; default the number of distinct task labels. */
  k?: number;
  nInit?: number;
  maxIter?: number;
  tol?: number;
  /** The caller's branch of its seed tree; layer l draws from `random.fork(l)` (k-means and silhouette each fork that). */
  random: Random;
  threads?: number;
  /** Default all of PROBE_METRICS. */
  metrics?: readonly ProbeMetric[];
  /** Points in the silhouette's subsample; default 2000. */
  silhouetteSample?: number;
  /** Standardise each layer's dimensions (mean 0, standard deviation 1 over its points) before k-means and the silhouette; default false. */
  standardize?: boolean;
  /** Where k-means runs: 'cpu' (default) or 'cuda' (the Lloyd iterations on the GPU, for large probes). */
  device?: 'cpu' | 'cuda';
}

export interface ProbeRow {
  layer: number;
  metric: ProbeMetric;
  value: number;
}

const AGREEMENT = {
  ari: adjustedRandIndex,
  ami: adjustedMutualInfo,
  nmi: normalizedMutualInfo,
  pairF1,
  purity,
} as const;

/**
 * For each layer (in increasing layer order), k-means of its hidden states (n, dim) and each
 * requested metric: ari, ami, nmi, pairF1 and purity compare the k-means clusters with the task
 * labels; silhouette is that of the TRUE task labels on the hidden states (NaN when the labels
 * have fewer than 2, or as many as the sampled points, distinct values). k-means of layer l is
 * seeded from random.fork(l, 'kmeans'), the silhouette's subsample from random.fork(l, 'silhouette'),
 * so each layer's result is reproducible on its own, whichever other layers are probed. Rows come per
 * layer in the order of `metrics`.
 */
export async function probeLayers(
  cache: ReadonlyMap<number, Float32Array>,
  taskLabels: Int32Array,
  options: ProbeOptions,
): Promise<ProbeRow[]> {
  const n = taskLabels.length;
  const { dim, random } = options;
  if (!Number.isSafeInteger(dim) || dim < 1) throw new RangeError(`options.dim: expected an integer >= 1, got ${dim}`);
  if (n < 1) throw new RangeError('taskLabels: expected at least one point');
  const tasks = denseLabels(taskLabels, 'taskLabels');
  const k = options.k ?? tasks.count;
  const metrics = options.metrics ?? PROBE_METRICS;
  for (const m of metrics) {
    if (!PROBE_METRICS.includes(m)) throw new RangeError(`options.metrics: unknown metric '${m}'`);
  }
  const sampleSize = options.silhouetteSample ?? SILHOUETTE_SAMPLE_SIZE;
  const layers = [...cache.keys()].sort((a, b) => a - b);
  for (const layer of layers) {
    if (!Number.isSafeInteger(layer) || layer < 0) throw new RangeError(`cache: layer key ${layer} is not a non-negative integer`);
    const length = cache.get(layer)!.length;
    if (length !== n * dim) {
      throw new RangeError(`cache.get(${layer}): expected taskLabels.length * dim = ${n * dim} values, got ${length}`);
    }
  }
  const needsClusters = metrics.some((m) => m !== 'silhouette');
  const silhouetteDefined = tasks.count >= 2 && tasks.count <= Math.min(n, sampleSize) - 1;

  const rows: ProbeRow[] = [];
  for (const layer of layers) {
    const raw = cache.get(layer)!;
    const data = options.standardize ? standardize(raw, n, fitStandardizer(raw, n, dim)) : raw;
    const clusters = needsClusters
      ? (
          await kmeans(data, {
            n,
            dim,
            k,
            seed: random.fork(layer, 'kmeans').seed(),
            nInit: options.nInit ?? KMEANS_DEFAULTS.nInit,
            maxIter: options.maxIter ?? KMEANS_DEFAULTS.maxIter,
            tol: options.tol ?? KMEANS_DEFAULTS.tol,
            threads: options.threads ?? KMEANS_DEFAULTS.threads,
            ...(options.device ? { device: options.device } : {}),
          })
        ).labels
      : undefined;
    for (const metric of metrics) {
      let value: number;
      if (metric === 'silhouette') {
        value = silhouetteDefined
          ? await silhouette(data, tasks.ids, { n, dim, sampleSize, seed: random.fork(layer, 'silhouette').seed(), threads: options.threads ?? 1 })
          : NaN;
      } else {
        value = AGREEMENT[metric](taskLabels, clusters!);
      }
      rows.push({ layer, metric, value });
    }
  }
  return rows;
}
