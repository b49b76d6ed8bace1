import { Random } from './random.js';
import type { Instance, SplitName, Suite } from './suite.js';

/** The protocol's evaluation size per split [ours]. */
export const DEFAULT_EVAL_SIZE = 512;

/**
 * Up to `n` instances of a split, the same ones for the same (suite, split, n, seed). Tasks are balanced: each
 * task's instances are shuffled and the tasks are taken in turn, so every task contributes floor(n / K) or one more
 * while it has instances left. The result is ordered by that round-robin.
 */
export function evalSet(suite: Suite, split: SplitName, n = DEFAULT_EVAL_SIZE, seed = 0): Instance[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`evalSet: n = ${n} is not a count`);
  const random = new Random(seed).fork(`eval/${split}`);
  const byTask = suite.tasks.map((task) =>
    random.fork(`task/${task.id}`).shuffle(suite.split(split).filter((instance) => instance.task === task.id)),
  );
  const out: Instance[] = [];
  for (let round = 0; out.length < n; round++) {
    let added = false;
    for (const instances of byTask) {
      if (round < instances.length && out.length < n) {
        out.push(instances[round]);
        added = true;
      }
    }
    if (!added) break;
  }
  return out;
}
