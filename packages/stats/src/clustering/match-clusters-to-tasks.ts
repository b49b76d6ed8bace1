// Which task each cluster stands for, one cluster per task (PROTOCOL section 4, revision 2).
import { checkLabels, denseLabels, type Labels } from './labels.js';

/**
 * Matches clusters to tasks one-to-one so that as many points as possible lie in the cluster matched to their task:
 * a maximum-weight assignment on the contingency table (clusters x tasks), found with the Hungarian algorithm.
 * out[c] is the task label matched to cluster c, or -1 when cluster c is left unmatched. Like scipy's
 * `linear_sum_assignment`, min(clusters, tasks) pairs are always matched, even pairs that share no point; so with
 * as many clusters as tasks every cluster gets a task, and with more clusters than tasks the extra ones get -1.
 *
 * Cluster labels are non-negative integers (k-means output); out has `numClusters` entries (default
 * max(clusterLabels) + 1; give k so that empty clusters with the highest ids are counted). Task labels may be any
 * integers except -1, which would read as "unmatched". Among several optimal matchings the result is a fixed one (the
 * algorithm is deterministic).
 */
export function matchClustersToTasks(clusterLabels: Labels, taskLabels: Labels, numClusters?: number): Int32Array {
  checkLabels(clusterLabels, 'clusterLabels');
  const n = clusterLabels.length;
  if (taskLabels.length !== n) {
    throw new RangeError(`taskLabels: expected ${n} labels (the length of clusterLabels), got ${taskLabels.length}`);
  }
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = clusterLabels[i];
    if (c < 0) throw new RangeError(`clusterLabels[${i}]: ${c} is negative`);
    if (c + 1 > k) k = c + 1;
  }
  if (numClusters !== undefined) {
    if (!Number.isInteger(numClusters) || numClusters < k) {
      throw new RangeError(`numClusters: ${numClusters} is not an integer of at least max(clusterLabels) + 1 = ${k}`);
    }
    k = numClusters;
  }
  const tasks = denseLabels(taskLabels, 'taskLabels');
  for (const v of tasks.values) {
    if (v < -2147483648 || v > 2147483647) throw new RangeError(`taskLabels: ${v} does not fit an Int32Array`);
  }
  const t = tasks.count;
  // (k, t) points per (cluster, task)
  const counts = new Float64Array(k * t);
  for (let i = 0; i < n; i++) counts[clusterLabels[i] * t + tasks.ids[i]]++;

  const out = new Int32Array(k).fill(-1);
  if (k === 0 || t === 0) return out;
  // The assignment runs with rows on the smaller side; it minimises cost, so the cost is the negated count.
  if (k <= t) {
    const taskOfCluster = minimumCostAssignment(k, t, (c, j) => -counts[c * t + j]);
    for (let c = 0; c < k; c++) out[c] = tasks.values[taskOfCluster[c]];
  } else {
    const clusterOfTask = minimumCostAssignment(t, k, (j, c) => -counts[c * t + j]);
    for (let j = 0; j < t; j++) out[clusterOfTask[j]] = tasks.values[j];
  }
  return out;
}

/**
 * The Hungarian algorithm with potentials (shortest augmenting paths, O(rows^2 cols)) for rows <= cols: the column
 * assigned to each row, all distinct, minimising the summed cost. Costs here are integers, so every potential and
 * reduced cost is an exact double.
 */
function minimumCostAssignment(rows: number, cols: number, cost: (row: number, col: number) => number): Int32Array {
  // 1-based arrays as in the textbook formulation; column 0 is the virtual start of each augmenting path.
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const rowOfCol = new Int32Array(cols + 1);
  const way = new Int32Array(cols + 1);
  const minTo = new Float64Array(cols + 1);
  const used = new Uint8Array(cols + 1);
  for (let row = 1; row <= rows; row++) {
    rowOfCol[0] = row;
    let col0 = 0;
    minTo.fill(Infinity);
    used.fill(0);
    do {
      used[col0] = 1;
      const r = rowOfCol[col0];
      let delta = Infinity;
      let next = 0;
      for (let col = 1; col <= cols; col++) {
        if (used[col]) continue;
        const reduced = cost(r - 1, col - 1) - u[r] - v[col];
        if (reduced < minTo[col]) {
          minTo[col] = reduced;
          way[col] = col0;
        }
        if (minTo[col] < delta) {
          delta = minTo[col];
          next = col;
        }
      }
      for (let col = 0; col <= cols; col++) {
        if (used[col]) {
          u[rowOfCol[col]] += delta;
          v[col] -= delta;
        } else {
          minTo[col] -= delta;
        }
      }
      col0 = next;
    } while (rowOfCol[col0] !== 0);
    do {
      const previous = way[col0];
      rowOfCol[col0] = rowOfCol[previous];
      col0 = previous;
    } while (col0 !== 0);
  }
  const colOfRow = new Int32Array(rows);
  for (let col = 1; col <= cols; col++) if (rowOfCol[col] !== 0) colOfRow[rowOfCol[col] - 1] = col - 1;
  return colOfRow;
}
