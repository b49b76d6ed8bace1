// Which alignment examples a fixed budget buys: a seeded uniform draw, or examples that cover every k-means cluster
// of the pre-trained model's probe-position states (docs/PROTOCOL.md section 6).
import { fitStandardizer, kmeans, standardize } from '@clusterlens/probe';
import type { Random } from '@clusterlens/schema';
import type { Instance, Suite } from '@clusterlens/tasks';

import { ConfigError } from '../config.js';

/**
 * The candidate pool both selections choose from: `size` training-split instances (all of them when the split is
 * smaller), drawn from `random` (the trial's `alignment-selection` branch). Random and cluster selection of the same
 * seed therefore choose from the same instances.
 */
export function candidatePool(suite: Suite, size: number, random: Random): Instance[] {
  const train = suite.split('train');
  return random.fork('pool').sample(train, Math.min(size, train.length));
}

/** Throws a ConfigError unless the pool can pay the budget. */
export function checkBudget(budget: number, poolSize: number): void {
  if (budget > poolSize) {
    throw new ConfigError(
      `alignment.budget: ${budget} examples exceed the candidate pool of ${poolSize} training instances; lower alignment.budget or raise alignment.pool (at most the training split's size)`,
    );
  }
}

/** `budget` distinct pool indices drawn uniformly (`random`: the `alignment-selection` branch). */
export function randomSelection(poolSize: number, budget: number, random: Random): number[] {
  checkBudget(budget, poolSize);
  return random.fork('random').sample(Array.from({ length: poolSize }, (_, i) => i), budget);
}

/**
 * The cluster-covering rule: clusters in order of size (largest first, ties by cluster index), each cluster's members
 * nearest to its centroid first (ties by pool index); then round-robin: the nearest member of every cluster, then the
 * second nearest of every cluster that has one, ... until the budget is spent. With a budget of at least k every
 * cluster is covered; below k, the `budget` largest clusters are. `labels` (n) are clusters in [0, k), `distances`
 * (n) each point's squared distance to its centroid.
 */
export function coverClusters(labels: Int32Array, distances: Float64Array, k: number, budget: number): number[] {
  checkBudget(budget, labels.length);
  const members: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((cluster, i) => members[cluster].push(i));
  for (const list of members) list.sort((a, b) => distances[a] - distances[b] || a - b);
  const order = members.map((_, c) => c).sort((a, b) => members[b].length - members[a].length || a - b);
  const chosen: number[] = [];
  for (let round = 0; chosen.length < budget; round++) {
    for (const cluster of order) {
      if (round < members[cluster].length && chosen.length < budget) chosen.push(members[cluster][round]);
    }
  }
  return chosen;
}

export interface ClusterSelectionOptions {
  /** (n, dim) the pool's states: the pre-trained model's top layer at the probe position. */
  states: Float32Array;
  n: number;
  dim: number;
  /** Clusters: the suite's number of tasks. */
  k: number;
  budget: number;
  kmeans: { nInit: number; maxIter: number; tol: number };
  /** Standardise each dimension before k-means, as the probe does (probe.standardize). */
  standardize: boolean;
  /** The `alignment-selection` branch; the k-means seed is its `kmeans` fork. */
  random: Random;
  threads: number;
}

/** k-means on the pool's states (the engine's, seeded), then `coverClusters`: pool indices of the chosen examples. */
export async function clusterSelection(options: ClusterSelectionOptions): Promise<number[]> {
  const { n, dim, k } = options;
  checkBudget(options.budget, n);
  const data = options.standardize ? standardize(options.states, n, fitStandardizer(options.states, n, dim)) : options.states;
  const fit = await kmeans(data, { n, dim, k, ...options.kmeans, seed: options.random.fork('kmeans').seed(), threads: options.threads });
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = fit.labels[i];
    let d = 0;
    for (let j = 0; j < dim; j++) {
      const diff = data[i * dim + j] - fit.centroids[c * dim + j];
      d += diff * diff;
    }
    distances[i] = d;
  }
  return coverClusters(fit.labels, distances, k, options.budget);
}
