// Claims C1-C2 from a metrics table: per (split, layer), each seed's cluster dynamics and their summary.
import { groupBy } from '../rows/group-by.js';
import { metricSeries } from '../rows/metric-series.js';
import type { Cell, Row } from '../rows/row.js';
import { clusterDynamics, type ClusterDynamics, type ClusterDynamicsOptions } from '../cluster-dynamics.js';
import {
  summarizeClusterDynamics,
  type ClusterDynamicsSummary,
} from '../summarize-cluster-dynamics.js';
import type { SummaryOptions } from '../summarize.js';

export interface ClusterDynamicsAcrossSeedsOptions extends ClusterDynamicsOptions, Omit<SummaryOptions, 'nanPolicy'> {
  /** The metric whose curves are read (default 'ari'). */
  metric?: string;
  /** Fields that define one summary (default ['split', 'layer']); add e.g. 'intervention' for a sweep. */
  by?: readonly string[];
  /** The field that tells seeds apart (default 'seed'). */
  seedField?: string;
}

export interface SeedDynamics {
  seed: Cell;
  dynamics: ClusterDynamics;
}

export interface ClusterDynamicsGroup {
  key: Record<string, Cell>;
  perSeed: SeedDynamics[];
  summary: ClusterDynamicsSummary;
}

/** For each combination of `by`: every seed's curve of `metric` read by clusterDynamics, then summarised. */
export function clusterDynamicsAcrossSeeds(
  rows: readonly Row[],
  options: ClusterDynamicsAcrossSeedsOptions,
): ClusterDynamicsGroup[] {
  const { metric = 'ari', by = ['split', 'layer'], seedField = 'seed' } = options;
  const metricRows = rows.filter((row) => row.metric === metric);
  return groupBy(metricRows, by).map(({ key, rows: groupRows }) => {
    const perSeed = metricSeries(groupRows, { metric, keys: [...by, seedField] }).map((curve) => ({
      seed: curve.key[seedField],
      dynamics: clusterDynamics(curve, options),
    }));
    return { key, perSeed, summary: summarizeClusterDynamics(perSeed.map((s) => s.dynamics), options) };
  });
}
