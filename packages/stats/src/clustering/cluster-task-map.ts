// Which task each cluster stands for (PROTOCOL section 4).
import { checkLabels, denseLabels, type Labels } from './labels.js';

/**
 * The majority task of each cluster: out[c] is the task label held by most points of cluster c
 * (the smallest task label on ties), or -1 for a cluster with no points. Cluster labels are
 * non-negative integers (k-means output); out has max(clusterLabels) + 1 entries. A point then
 * "lands in its task's cluster" when out[nearestCluster] === its task label.
 */
export function clusterTaskMap(clusterLabels: Labels, taskLabels: Labels): Int32Array {
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
  const tasks = denseLabels(taskLabels, 'taskLabels');
  for (const v of tasks.values) {
    if (v < -2147483648 || v > 2147483647) throw new RangeError(`taskLabels: ${v} does not fit an Int32Array`);
  }
  const counts = new Float64Array(k * tasks.count);
  for (let i = 0; i < n; i++) counts[clusterLabels[i] * tasks.count + tasks.ids[i]]++;
  const out = new Int32Array(k).fill(-1);
  for (let c = 0; c < k; c++) {
    let best = 0;
    for (let t = 0; t < tasks.count; t++) {
      // dense ids increase with the label value, so a strict > keeps the smallest label on ties
      if (counts[c * tasks.count + t] > best) {
        best = counts[c * tasks.count + t];
        out[c] = tasks.values[t];
      }
    }
  }
  return out;
}
