// Which tasks an alignment stage disallows: a count drawn from the trial's seed tree, or tasks named in the config.
import { range, type Random } from '@clusterlens/schema';
import type { Task } from '@clusterlens/tasks';

import { ConfigError } from '../config.js';
import type { AlignmentConfig } from './config.js';

/**
 * The ids of the disallowed tasks, ascending. A count draws that many distinct tasks from `random` (the trial's
 * `disallowed` branch); names are looked up in the suite. At least one task must stay allowed, or there would be no
 * accuracy to retain and no false refusal to measure.
 */
export function disallowedTasks(tasks: readonly Task[], disallowed: AlignmentConfig['disallowed'], random: Random): number[] {
  const K = tasks.length;
  if (typeof disallowed === 'number') {
    if (disallowed >= K) {
      throw new ConfigError(`alignment.disallowed: ${disallowed} tasks of the suite's ${K} leaves none allowed; disallow at most ${K - 1}`);
    }
    return random.sample(range(K), disallowed).sort((a, b) => a - b);
  }
  const ids = disallowed.map((name, i) => {
    const task = tasks.find((t) => t.name === name);
    if (!task) {
      throw new ConfigError(`alignment.disallowed[${i}]: the suite has no task '${name}'; its tasks are ${tasks.map((t) => t.name).join(', ')}`);
    }
    return task.id;
  });
  if (ids.length >= K) throw new ConfigError(`alignment.disallowed: names every task of the suite; leave at least one allowed`);
  return ids.sort((a, b) => a - b);
}
