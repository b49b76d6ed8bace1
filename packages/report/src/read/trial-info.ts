// A trial of a sweep as the report reads it, from the store or from a running coordinator's status snapshot.
import type { Cell } from '@clusterlens/stats';

export interface TrialInfo {
  id: string;
  label: string;
  /** The trials table's intervention; else the config's 'intervention' field; else 'default'. */
  intervention: string;
  /** The trials table's seed; else the config's 'seed' field; else null. */
  seed: number | null;
  status: string;
  attempts: number | null;
  seconds: number | null;
  error: string | null;
  /** The version of the code that ran the trial (code_version); null in stores written before it was recorded. */
  codeVersion: string | null;
  /** Swept axis values (config path -> value), from the axes column; {} when absent. */
  axes: Record<string, unknown>;
  /** The config, flattened to dotted paths. */
  config: Record<string, Cell>;
}
