// k-means on the native engine, with the protocol's defaults.
import { kmeans as nativeKmeans, type NativeKmeansOptions, type NativeKmeansResult } from '@clusterlens/native';

/** The engine's options and result, documented in @clusterlens/native; this module only adds the protocol's defaults. */
export type KmeansOptions = NativeKmeansOptions;
export type KmeansResult = NativeKmeansResult;

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
    ...(options.device === undefined ? {} : { device: options.device }),
  });
}
