import type { Random, SplitName } from '@clusterlens/schema';
import type { Instance, Suite } from './suite.js';


/**
 * Up to `n` instances of a split, the same ones for the same (suite, split, n, random branch). Tasks are balanced:
 * each task's instances are shuffled and the tasks are taken in turn, so every task contributes floor(n / K) or one
 * more while it has instances left. The result is ordered by that round-robin. `random` is the caller's branch of
 * its seed tree (a trial's `eval` branch); each split and task draws from its own fork of it.
 */
export function evalSet(suite: Suite, split: SplitName, n: number, random: Random): Instance[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`evalSet: n = ${n} is not a count`);
  const byTask = suite.tasks.map((task) =>
    random.fork(split, 'task', task.id).shuffle(suite.split(split).filter((instance) => instance.task === task.id)),
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
