// Supervised contrastive loss (Khosla et al. 2020, "SupCon", the L_out form) on L2-normalised states, in float64.
import { stateCount, undefinedLoss, type LabelledStates, type StatesLoss } from './states.js';

/** Norms below this are treated as this (as torch.nn.functional.normalize does), so a zero state has no NaN. */
const NORM_EPS = 1e-12;

/**
 * With z_i = h_i / |h_i| and s_ij = z_i.z_j / temperature, the mean over anchors i with at least one positive (another
 * state of the same task, P(i)) of
 *   l_i = -1/|P(i)| sum_{p in P(i)} log( exp(s_ip) / sum_{a != i} exp(s_ia) ).
 * Undefined, so 0 with a zero gradient, when no state has a positive.
 */
export function supconLoss(input: LabelledStates, temperature: number): StatesLoss {
  const n = stateCount(input);
  const { tasks, C } = input;
  if (!(temperature > 0)) throw new RangeError(`supcon: temperature must be positive, got ${temperature}`);
  const { z, norms } = normalizeRows(input.states, n, C);

  // s (n x n): scaled cosine similarities.
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let c = 0; c < C; c++) dot += z[i * C + c] * z[j * C + c];
      s[i * n + j] = dot / temperature;
    }
  }

  const anchors = [];
  for (let i = 0; i < n; i++) {
    let positives = 0;
    for (let j = 0; j < n; j++) if (j !== i && tasks[j] === tasks[i]) positives++;
    if (positives > 0) anchors.push({ i, positives });
  }
  if (anchors.length === 0) return undefinedLoss(n, C);

  // g (n x n): d loss / d s_ij = (softmax_i(j) - [j in P(i)] / |P(i)|) / anchors.
  const g = new Float64Array(n * n);
  let loss = 0;
  for (const { i, positives } of anchors) {
    let max = -Infinity;
    for (let a = 0; a < n; a++) if (a !== i) max = Math.max(max, s[i * n + a]);
    let sum = 0;
    for (let a = 0; a < n; a++) if (a !== i) sum += Math.exp(s[i * n + a] - max);
    const logSumExp = max + Math.log(sum);
    let positiveSum = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const positive = tasks[j] === tasks[i];
      if (positive) positiveSum += s[i * n + j];
      g[i * n + j] = (Math.exp(s[i * n + j] - logSumExp) - (positive ? 1 / positives : 0)) / anchors.length;
    }
    loss += (logSumExp - positiveSum / positives) / anchors.length;
  }

  // d loss / d z_i = sum_j (g_ij + g_ji) z_j / temperature (s is symmetric in its use as s_ij and s_ji).
  const gz = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const w = (g[i * n + j] + g[j * n + i]) / temperature;
      if (w === 0) continue;
      for (let c = 0; c < C; c++) gz[i * C + c] += w * z[j * C + c];
    }
  }
  return { loss, grad: normalizeBackward(gz, z, norms, n, C) };
}

/** Rows divided by their norms (at least NORM_EPS). */
function normalizeRows(states: ArrayLike<number>, n: number, C: number): { z: Float64Array; norms: Float64Array } {
  const z = new Float64Array(n * C);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let squares = 0;
    for (let c = 0; c < C; c++) squares += states[i * C + c] ** 2;
    norms[i] = Math.sqrt(squares);
    const divisor = Math.max(norms[i], NORM_EPS);
    for (let c = 0; c < C; c++) z[i * C + c] = states[i * C + c] / divisor;
  }
  return { z, norms };
}

/** d loss / d h from d loss / d z for z = h / |h|: (gz - z (z.gz)) / |h|; below NORM_EPS z = h / NORM_EPS, linear. */
function normalizeBackward(gz: Float64Array, z: Float64Array, norms: Float64Array, n: number, C: number): Float64Array {
  const grad = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    if (norms[i] < NORM_EPS) {
      for (let c = 0; c < C; c++) grad[i * C + c] = gz[i * C + c] / NORM_EPS;
      continue;
    }
    let along = 0;
    for (let c = 0; c < C; c++) along += z[i * C + c] * gz[i * C + c];
    for (let c = 0; c < C; c++) grad[i * C + c] = (gz[i * C + c] - z[i * C + c] * along) / norms[i];
  }
  return grad;
}
