// One-to-one matching of clusters to tasks: as good as the best of all injective matchings, found by brute force.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { matchClustersToTasks } from '@clusterlens/stats';

/** Points that lie in the cluster matched to their task. */
function matched(clusters: readonly number[], tasks: readonly number[], taskOfCluster: Int32Array): number {
  let total = 0;
  clusters.forEach((c, i) => {
    if (taskOfCluster[c] === tasks[i]) total++;
  });
  return total;
}

/** The largest number of matched points over every injective map between clusters 0..k-1 and the task labels. */
function bruteForceBest(clusters: readonly number[], tasks: readonly number[], k: number): number {
  const labels = [...new Set(tasks)];
  let best = 0;
  // Each cluster gets a task or nothing (-1); no task twice.
  const assign = (c: number, taskOfCluster: number[], usedTasks: Set<number>): void => {
    if (c === k) {
      best = Math.max(best, matched(clusters, tasks, Int32Array.from(taskOfCluster)));
      return;
    }
    assign(c + 1, [...taskOfCluster, -1], usedTasks);
    for (const task of labels) {
      if (usedTasks.has(task)) continue;
      assign(c + 1, [...taskOfCluster, task], new Set([...usedTasks, task]));
    }
  };
  assign(0, [], new Set());
  return best;
}

/** 1..40 points in up to k clusters (k 1..6) and up to 6 tasks with integer labels. */
const labelings = fc
  .record({
    k: fc.integer({ min: 1, max: 6 }),
    numTasks: fc.integer({ min: 1, max: 6 }),
    n: fc.integer({ min: 1, max: 40 }),
    // any integers but -1, which marks an unmatched cluster
    taskValues: fc.uniqueArray(fc.integer({ min: -50, max: 50 }).filter((v) => v !== -1), { minLength: 6, maxLength: 6 }),
  })
  .chain(({ k, numTasks, n, taskValues }) =>
    fc.record({
      k: fc.constant(k),
      clusters: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
      tasks: fc.array(fc.integer({ min: 0, max: numTasks - 1 }).map((t) => taskValues[t]), { minLength: n, maxLength: n }),
    }),
  );

describe('matchClustersToTasks', () => {
  it('matches as many points as the best injective matching (brute force over all of them)', () => {
    fc.assert(
      fc.property(labelings, ({ k, clusters, tasks }) => {
        const taskOfCluster = matchClustersToTasks(clusters, tasks, k);
        expect(matched(clusters, tasks, taskOfCluster)).toBe(bruteForceBest(clusters, tasks, k));
      }),
      { numRuns: 300 },
    );
  });

  it('is one-to-one and matches min(clusters, tasks) pairs', () => {
    fc.assert(
      fc.property(labelings, ({ k, clusters, tasks }) => {
        const taskOfCluster = matchClustersToTasks(clusters, tasks, k);
        expect(taskOfCluster).toHaveLength(k);
        const pairs = [...taskOfCluster].filter((t) => t !== -1);
        expect(new Set(pairs).size).toBe(pairs.length);
        expect(pairs.length).toBe(Math.min(k, new Set(tasks).size));
        for (const t of pairs) expect(tasks).toContain(t);
      }),
      { numRuns: 200 },
    );
  });

  it('gives -1 to the clusters left over when there are more clusters than tasks', () => {
    // Clusters 0 and 2 are task 5's and task 9's; cluster 1 is mostly task 5 too, but task 5 is taken.
    expect(matchClustersToTasks([0, 0, 0, 1, 1, 2, 2], [5, 5, 5, 5, 9, 9, 9])).toEqual(Int32Array.from([5, -1, 9]));
  });

  it('never gives one task to two clusters, even where both have it as their majority', () => {
    const clusters = [0, 0, 0, 1, 1, 1, 1];
    const tasks = [3, 3, 4, 3, 3, 3, 4];
    // Cluster 1 has 3 of task 3 and cluster 0 has 1 of task 4: 4 points; the other way round gives 2 + 1 = 3.
    expect(matchClustersToTasks(clusters, tasks)).toEqual(Int32Array.from([4, 3]));
  });

  it('counts empty clusters when numClusters is given', () => {
    expect(matchClustersToTasks([0, 0, 1], [1, 1, 2], 4)).toEqual(Int32Array.from([1, 2, -1, -1]));
    expect(matchClustersToTasks([], [], 2)).toEqual(Int32Array.from([-1, -1]));
  });

  it('rejects negative clusters, length mismatches and too few clusters', () => {
    expect(() => matchClustersToTasks([0, -1], [1, 2])).toThrow(/clusterLabels\[1\]: -1 is negative/);
    expect(() => matchClustersToTasks([0, 1], [1])).toThrow(/taskLabels: expected 2 labels/);
    expect(() => matchClustersToTasks([0, 3], [1, 2], 3)).toThrow(/numClusters: 3/);
  });
});
