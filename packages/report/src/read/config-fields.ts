// A trial's config as the fields of its metric rows: flattened to dotted paths, with names that would hide a metric
// column renamed.
import type { Cell } from '@clusterlens/stats';

import { flattenConfig, isMetricColumn } from './metrics.js';

/** Configuration fields named like a metric column are renamed 'config.<name>' so neither hides the other. */
export const CONFIG_COLLISION_PREFIX = 'config.';

/** The config flattened (seed, intervention, model.nLayer, ...); `where` names it in errors. */
export function configFields(config: unknown, where: string): Record<string, Cell> {
  const renamed: Record<string, Cell> = {};
  for (const [name, value] of Object.entries(flattenConfig(config, where))) {
    renamed[isMetricColumn(name) ? CONFIG_COLLISION_PREFIX + name : name] = value;
  }
  return renamed;
}
