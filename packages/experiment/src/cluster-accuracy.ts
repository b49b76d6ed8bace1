// PROTOCOL section 4: does landing in one's own task's cluster go with answering correctly?
import { clusterTaskMap, kmeans, nearestCentroid } from '@clusterlens/probe';

import type { SplitEvaluation } from './evaluate.js';

export interface ClusterAccuracy {
  inCluster: number;
  outOfCluster: number;
  inClusterFraction: number;
}

/**
 * Fits k-means on the training representations of one layer, labels each cluster with its majority task,
 * assigns every instance of another split to its nearest centroid, and splits that split's accuracy by
 * whether the instance landed in its own task's cluster. NaN marks an empty group.
 */
export async function clusterAccuracy(
  train: SplitEvaluation,
  other: SplitEvaluation,
  layer: number,
  options: { k: number; dim: number; nInit: number; maxIter: number; tol: number; seed: number; threads: number },
): Promise<ClusterAccuracy> {
  const trainData = train.representations.get(layer)!;
  const fit = await kmeans(trainData, { n: train.tasks.length, ...options });
  const taskOfCluster = clusterTaskMap(fit.labels, train.tasks);
  const assigned = nearestCentroid(other.representations.get(layer)!, fit.centroids, { n: other.tasks.length, dim: options.dim, k: options.k });
  let inCount = 0;
  let inCorrect = 0;
  let outCorrect = 0;
  other.tasks.forEach((task, i) => {
    if (taskOfCluster[assigned[i]] === task) {
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
