// PROTOCOL section 4: does landing in one's own task's cluster go with answering correctly?
import { kmeans, nearestCentroid } from '@clusterlens/probe';
import { clusterTaskMap } from '@clusterlens/stats';

import type { SplitEvaluation } from './evaluate.js';

export interface ClusterAccuracy {
  inCluster: number;
  outOfCluster: number;
  inClusterFraction: number;
}

/** The training split's clusters of one layer, each labelled with its majority task. */
export interface TaskClusters {
  centroids: Float32Array;
  taskOfCluster: Int32Array;
  k: number;
  dim: number;
}

/** Fits k-means on the training representations of one layer; every unseen split is then scored against it. */
export async function fitTaskClusters(
  train: SplitEvaluation,
  layer: number,
  options: { k: number; dim: number; nInit: number; maxIter: number; tol: number; seed: number; threads: number },
): Promise<TaskClusters> {
  const fit = await kmeans(train.representations.get(layer)!, { n: train.tasks.length, ...options });
  return { centroids: fit.centroids, taskOfCluster: clusterTaskMap(fit.labels, train.tasks), k: options.k, dim: options.dim };
}

/**
 * Assigns every instance of a split to its nearest training centroid and splits the split's accuracy by whether
 * the instance landed in its own task's cluster. NaN marks an empty group.
 */
export function clusterAccuracy(clusters: TaskClusters, other: SplitEvaluation, layer: number): ClusterAccuracy {
  const assigned = nearestCentroid(other.representations.get(layer)!, clusters.centroids, {
    n: other.tasks.length,
    dim: clusters.dim,
    k: clusters.k,
  });
  let inCount = 0;
  let inCorrect = 0;
  let outCorrect = 0;
  other.tasks.forEach((task, i) => {
    if (clusters.taskOfCluster[assigned[i]] === task) {
      inCount++;
      inCorrect += other.correct[i];
    } else {
      outCorrect += other.correct[i];
    }
  });
  const outCount = other.tasks.length - inCount;
  return {
    inCluster: inCount ? inCorrect / inCount : NaN,
    outOfCluster: outCount ? outCorrect / outCount : NaN,
    inClusterFraction: inCount / other.tasks.length,
  };
}
