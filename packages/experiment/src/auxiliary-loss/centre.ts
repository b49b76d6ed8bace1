// Centre loss made scale-free: the share of the states' variance that lies within tasks, in float64.
import { stateCount, undefinedLoss, type LabelledStates, type StatesLoss } from './states.js';

/**
 * W / S, with W = sum_i |h_i - m_task(i)|^2 (each state's squared distance to its task's batch mean) and
 * S = sum_i |h_i - m|^2 (to the batch mean): 1 - the between-task share of the variance (ANOVA's 1 - eta^2).
 * A plain centre loss, W alone, falls when every state shrinks, which the model can do for free (a LayerNorm follows)
 * without separating tasks; the ratio is unchanged by scaling or shifting all states, so only bringing a task's states
 * together relative to the spread between tasks lowers it. Undefined, so 0 with a zero gradient, with fewer than two
 * tasks in the batch or all states equal (S = 0).
 *
 * Gradient: dW/dh_i = 2 (h_i - m_task(i)) and dS/dh_i = 2 (h_i - m) (the means' own terms sum to zero), so
 * dL/dh_i = 2 ((h_i - m_task(i)) - L (h_i - m)) / S.
 */
export function centreLoss(input: LabelledStates): StatesLoss {
  const n = stateCount(input);
  const { states, tasks, C } = input;
  const taskIds = [...new Set(Array.from(tasks))];
  if (taskIds.length < 2) return undefinedLoss(n, C);

  const mean = new Float64Array(C);
  const taskMeans = new Map(taskIds.map((task) => [task, { sum: new Float64Array(C), count: 0 }]));
  for (let i = 0; i < n; i++) {
    const group = taskMeans.get(tasks[i])!;
    group.count++;
    for (let c = 0; c < C; c++) {
      mean[c] += states[i * C + c] / n;
      group.sum[c] += states[i * C + c];
    }
  }

  let within = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const group = taskMeans.get(tasks[i])!;
    for (let c = 0; c < C; c++) {
      within += (states[i * C + c] - group.sum[c] / group.count) ** 2;
      total += (states[i * C + c] - mean[c]) ** 2;
    }
  }
  if (total === 0) return undefinedLoss(n, C);

  const loss = within / total;
  const grad = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    const group = taskMeans.get(tasks[i])!;
    for (let c = 0; c < C; c++) {
      const h = states[i * C + c];
      grad[i * C + c] = (2 * (h - group.sum[c] / group.count - loss * (h - mean[c]))) / total;
    }
  }
  return { loss, grad };
}
