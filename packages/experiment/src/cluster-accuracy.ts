// PROTOCOL section 4: does landing in one's own task's cluster go with answering correctly?
import type { Device } from '@clusterlens/model';
import { fitStandardizer, kmeans, nearestCentroid, standardize, type Standardizer } from '@clusterlens/probe';
import { matchClustersToTasks } from '@clusterlens/stats';

import type { SplitEvaluation } from './evaluate.js';

/** One unseen split against the training clusters of one layer; NaN marks an empty group (or no task with both). */
export interface ClusterAccuracy {
  /** Output accuracy of the instances in their own task's cluster, pooled over tasks. */
  inCluster: number;
  /** Output accuracy of the others, pooled over tasks. */
  outOfCluster: number;
  inClusterFraction: number;
  inClusterCount: number;
  outOfClusterCount: number;
  /** Mean over the tasks with instances in both groups of (in-cluster accuracy - out-of-cluster accuracy). */
  withinTaskGap: number;
}

/** The training split's clusters of one layer, matched one-to-one to tasks. */
export interface TaskClusters {
  centroids: Float32Array;
  /** (k) the task matched to each cluster, -1 for a cluster left unmatched. */
  taskOfCluster: Int32Array;
  k: number;
  dim: number;
  /** The training states' standardisation, applied to every split scored against these clusters (probe.standardize). */
  scaler?: Standardizer;
}

/**
 * Fits k-means on the training representations of one layer and matches its clusters to tasks one-to-one (the
 * Hungarian algorithm on the training contingency table, most training points in their task's cluster); every unseen
 * split is then scored against it. With `standardize`, the training states are standardised first and the fitted
 * scaling is kept for the other splits, as a fitted scaler is applied to new data.
 */
export async function fitTaskClusters(
  train: SplitEvaluation,
  layer: number,
  options: { k: number; dim: number; nInit: number; maxIter: number; tol: number; seed: number; threads: number; standardize?: boolean; device?: Device },
): Promise<TaskClusters> {
  const { standardize: scaled, ...kmeansOptions } = options;
  const n = train.tasks.length;
  const raw = train.representations.get(layer)!;
  const scaler = scaled ? fitStandardizer(raw, n, options.dim) : undefined;
  const fit = await kmeans(scaler ? standardize(raw, n, scaler) : raw, { n, ...kmeansOptions });
  return {
    centroids: fit.centroids,
    taskOfCluster: matchClustersToTasks(fit.labels, train.tasks, options.k),
    k: options.k,
    dim: options.dim,
    ...(scaler ? { scaler } : {}),
  };
}

/**
 * Assigns every instance of a split to its nearest training centroid and splits the split's accuracy by whether the
 * instance landed in the cluster matched to its own task: pooled, and within each task.
 */
export function clusterAccuracy(clusters: TaskClusters, other: SplitEvaluation, layer: number): ClusterAccuracy {
  const n = other.tasks.length;
  const raw = other.representations.get(layer)!;
  const points = clusters.scaler ? standardize(raw, n, clusters.scaler) : raw;
  const assigned = nearestCentroid(points, clusters.centroids, { n, dim: clusters.dim, k: clusters.k });
  // Per task: [in-cluster count, in-cluster correct, out-of-cluster count, out-of-cluster correct]
  const byTask = new Map<number, [number, number, number, number]>();
  for (let i = 0; i < n; i++) {
    const task = other.tasks[i];
    const counts = byTask.get(task) ?? [0, 0, 0, 0];
    const group = clusters.taskOfCluster[assigned[i]] === task ? 0 : 2;
    counts[group]++;
    counts[group + 1] += other.correct[i];
    byTask.set(task, counts);
  }
  let inCount = 0;
  let inCorrect = 0;
  let outCount = 0;
  let outCorrect = 0;
  let gapSum = 0;
  let gapTasks = 0;
  for (const [tIn, cIn, tOut, cOut] of byTask.values()) {
    inCount += tIn;
    inCorrect += cIn;
    outCount += tOut;
    outCorrect += cOut;
    if (tIn > 0 && tOut > 0) {
      gapSum += cIn / tIn - cOut / tOut;
      gapTasks++;
    }
  }
  return {
    inCluster: inCount ? inCorrect / inCount : NaN,
    outOfCluster: outCount ? outCorrect / outCount : NaN,
    inClusterFraction: n ? inCount / n : NaN,
    inClusterCount: inCount,
    outOfClusterCount: outCount,
    withinTaskGap: gapTasks ? gapSum / gapTasks : NaN,
  };
}
