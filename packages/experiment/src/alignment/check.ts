// The checks of an alignment section that need the trial's task suite: run by the trial before it pre-trains, and by
// validateTrialConfig when a sweep is planned, so a bad task name or budget fails before any training.
import type { Suite } from '@clusterlens/tasks';

import type { TrialConfig } from '../config.js';
import type { TrialSeeds } from '../seeds.js';
import { disallowedTasks } from './disallowed.js';
import { candidatePool, checkBudget } from './selection.js';

/** The disallowed task ids and the candidate pool; throws a ConfigError naming the setting that does not fit the suite. */
export function resolveAlignment(config: TrialConfig, suite: Suite, seeds: TrialSeeds) {
  const alignment = config.alignment!;
  const disallowed = new Set(disallowedTasks(suite.tasks, alignment.disallowed, seeds.disallowed));
  const pool = candidatePool(suite, alignment.pool, seeds.alignmentSelection);
  checkBudget(alignment.budget, pool.length);
  return { disallowed, pool };
}
