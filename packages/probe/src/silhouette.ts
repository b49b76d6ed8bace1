// Mean silhouette coefficient on the native engine.
import { silhouette as nativeSilhouette } from '@clusterlens/native';
import { denseLabels, type Labels } from '@clusterlens/stats';

export interface SilhouetteOptions {
  n: number;
  dim: number;
  /** At most this many points, drawn without replacement; all points when n <= sampleSize. Default 2000. */
  sampleSize?: number;
  /** Integer in [0, 2^53 - 1]; picks the subsample. */
  seed: number;
  threads?: number;
}

export const SILHOUETTE_SAMPLE_SIZE = 2000;

/**
 * Mean silhouette coefficient (Euclidean) of labels on data (n * dim, row-major), as scikit-learn's
 * silhouette_score: per point (b - a) / max(a, b) with a the mean distance to the rest of its
 * cluster and b the mean distance to the nearest other cluster; 0 for a point alone in its cluster.
 * Labels are any integers. Rejects when the points used carry fewer than 2 or more than s - 1
 * distinct labels (the coefficient is undefined there; scikit-learn raises too).
 */
export async function silhouette(data: Float32Array, labels: Labels, options: SilhouetteOptions): Promise<number> {
  const { ids } = denseLabels(labels, 'labels');
  return nativeSilhouette(data, ids, {
    n: options.n,
    dim: options.dim,
    sampleSize: options.sampleSize ?? SILHOUETTE_SAMPLE_SIZE,
    seed: options.seed,
    threads: options.threads ?? 1,
  });
}
