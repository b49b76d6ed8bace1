// k-means on the native engine, with the protocol's defaults.
import { kmeans as nativeKmeans } from '@clusterlens/native';

export interface KmeansOptions {
  /** Points: data holds n * dim floats, row-major. */
  n: number;
  dim: number;
  /** Clusters, in [1, n]. */
  k: number;
  /** k-means++ restarts; the lowest inertia wins. Default 10. */
  nInit?: number;
  /** Lloyd iterations per restart. Default 300. */
  maxIter?: number;
  /** Tolerance on the total squared centroid shift, relative to the mean per-feature variance. Default 1e-4. */
  tol?: number;
  /** Integer in [0, 2^53 - 1]. */
  seed: number;
  /** CPU threads; results are bit-identical for any value. Default 1. */
  threads?: number;
  /** Initial centroids (k * dim) instead of k-means++; a single run, nInit and seed unused. */
  init?: Float32Array;
}

export interface KmeansResult {
  /** (n) cluster of each point, in [0, k). */
  labels: Int32Array;
  /** (k * dim) centroids, row-major. */
  centroids: Float32Array;
  /** Sum of squared distances of the points to their centroids. */
  inertia: number;
  /** Lloyd iterations of the best restart. */
  iterations: number;
}

export const KMEANS_DEFAULTS = { nInit: 10, maxIter: 300, tol: 1e-4, threads: 1 } as const;

/**
 * k-means as scikit-learn's KMeans(algorithm="lloyd", init="k-means++"): greedy k-means++ seeding,
 * nInit restarts, Lloyd iterations until the labels stop changing or the centroids move less than
 * tol. Runs on the native engine off the JS thread; invalid options reject with an error naming them.
 */
export async function kmeans(data: Float32Array, options: KmeansOptions): Promise<KmeansResult> {
  const { n, dim, k, seed, init } = options;
  return nativeKmeans(data, {
    n,
    dim,
    k,
    seed,
    nInit: options.nInit ?? KMEANS_DEFAULTS.nInit,
    maxIter: options.maxIter ?? KMEANS_DEFAULTS.maxIter,
    tol: options.tol ?? KMEANS_DEFAULTS.tol,
    threads: options.threads ?? KMEANS_DEFAULTS.threads,
    ...(init === undefined ? {} : { init }),
  });
}
