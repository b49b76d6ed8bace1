// PROTOCOL section 4: unseen instances split by whether they land in the training cluster matched to their task.
import { describe, expect, it } from 'vitest';

import { clusterAccuracy, fitTaskClusters, type TaskClusters } from '../src/cluster-accuracy.js';
import type { SplitEvaluation } from '../src/evaluate.js';

/** A split of one-dimensional states at layer 0. */
const split = (points: number[], tasks: number[], correct: number[]): SplitEvaluation => ({
  representations: new Map([[0, Float32Array.from(points)]]),
  tasks: Int32Array.from(tasks),
  correct: Uint8Array.from(correct),
  loss: 0,
});

// Centroids 0, 10 and 20; the first is task 0's, the second task 1's, the third is left unmatched.
const clusters: TaskClusters = { centroids: Float32Array.from([0, 10, 20]), taskOfCluster: Int32Array.from([0, 1, -1]), k: 3, dim: 1 };

describe('clusterAccuracy', () => {
  it('pools accuracy in and out of the own-task cluster, counts both, and averages the within-task gap', () => {
    const unseen = split(
      // task 0: two in its cluster (both right), one in task 1's (wrong), one in the unmatched one (right);
      // task 1: two in its cluster (one right); task 2: one, in the unmatched cluster (wrong)
      [0.5, -1, 9, 21, 10, 11, 19],
      [0, 0, 0, 0, 1, 1, 2],
      [1, 1, 0, 1, 1, 0, 0],
    );
    const c = clusterAccuracy(clusters, unseen, 0);
    expect(c.inClusterCount).toBe(4);
    expect(c.outOfClusterCount).toBe(3);
    expect(c.inClusterFraction).toBeCloseTo(4 / 7, 12);
    expect(c.inCluster).toBeCloseTo(3 / 4, 12);
    expect(c.outOfCluster).toBeCloseTo(1 / 3, 12);
    // Only task 0 has instances in both groups: 1 - 1/2.
    expect(c.withinTaskGap).toBeCloseTo(0.5, 12);
  });

  it('averages the gap over the tasks that have both groups, unweighted', () => {
    const unseen = split([0, 0, 10, 10, 10, 10, 0], [0, 0, 0, 1, 1, 1, 1], [1, 1, 0, 1, 1, 1, 0]);
    // task 0: 2/2 - 0/1 = 1; task 1: 3/3 - 0/1 = 1
    const c = clusterAccuracy(clusters, unseen, 0);
    expect(c.withinTaskGap).toBeCloseTo((1 + 1) / 2, 12);
    const mixed = split([0, 10, 10, 0, 0], [0, 0, 1, 1, 1], [1, 1, 0, 1, 0]);
    // task 0 (2 instances): 1 - 1 = 0; task 1 (3 instances): 0/1 - 1/2 = -0.5; a mean weighted by instances is -0.3
    expect(clusterAccuracy(clusters, mixed, 0).withinTaskGap).toBeCloseTo(-0.25, 12);
  });

  it('gives NaN for an empty group and for a gap no task has', () => {
    const allIn = clusterAccuracy(clusters, split([0, 10], [0, 1], [1, 0]), 0);
    expect(allIn).toMatchObject({ inCluster: 0.5, inClusterFraction: 1, inClusterCount: 2, outOfClusterCount: 0 });
    expect(allIn.outOfCluster).toBeNaN();
    expect(allIn.withinTaskGap).toBeNaN();
    const allOut = clusterAccuracy(clusters, split([20, 0], [0, 1], [1, 1]), 0);
    expect(allOut.inCluster).toBeNaN();
    expect(allOut).toMatchObject({ outOfCluster: 1, inClusterFraction: 0, inClusterCount: 0, outOfClusterCount: 2 });
  });
});

describe('fitTaskClusters', () => {
  it('matches the training clusters to tasks one to one', async () => {
    // Three well-separated groups of training states, tasks 4, 7 and 9.
    const points = [0, 0.1, 0.2, 5, 5.1, 5.2, 10, 10.1, 10.2];
    const train = split(points, [4, 4, 4, 7, 7, 7, 9, 9, 9], new Array(9).fill(1));
    const fit = await fitTaskClusters(train, 0, { k: 3, dim: 1, nInit: 2, maxIter: 50, tol: 1e-6, seed: 1, threads: 1 });
    expect([...fit.taskOfCluster].sort()).toEqual([4, 7, 9]);
    const c = clusterAccuracy(fit, split([0.05, 5.05, 10.05, 0], [4, 7, 9, 9], [1, 1, 1, 0]), 0);
    expect(c).toMatchObject({ inClusterCount: 3, outOfClusterCount: 1, inCluster: 1, outOfCluster: 0 });
  });
});

describe('fitTaskClusters with standardize', () => {
  it('scores other splits in the training states\' standardised coordinates', async () => {
    // Two tasks, one dimension: training states at 100 +- 1 (task 0) and 104 +- 1 (task 1), mean 102, scale sqrt(5).
    const train = split([99, 101, 103, 105], [0, 0, 1, 1], [1, 1, 1, 1]);
    const fitted = await fitTaskClusters(train, 0, { k: 2, dim: 1, nInit: 2, maxIter: 50, tol: 0, seed: 1, threads: 1, standardize: true });
    expect([...fitted.scaler!.mean]).toEqual([102]);
    expect(fitted.scaler!.scale[0]).toBeCloseTo(Math.sqrt(5), 12);
    expect([...fitted.centroids].map((c) => c * Math.sqrt(5) + 102).sort((a, b) => a - b).map((c) => Math.round(c * 1e4) / 1e4)).toEqual([100, 104]);
    // Raw 101.5 is nearer task 0's centre (100) than task 1's (104) once scaled like the training states.
    const c = clusterAccuracy(fitted, split([101.5, 103], [0, 1], [1, 0]), 0);
    expect(c.inClusterCount).toBe(2);
    expect(c.inCluster).toBeCloseTo(0.5, 12);
  });
});

