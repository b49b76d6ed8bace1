// The rows statistics read: a stored metric row with its trial's configuration joined in.
import type { StoredMetricRow } from '@clusterlens/schema';

/** A cell: what a metrics table or a flattened configuration holds. */
export type Cell = string | number | null;

/** A flat record; a missing field reads as null. */
export type Row = Record<string, Cell>;

/**
 * One measurement (`StoredMetricRow`: trial, split, layer, step, metric, value) with the trial's configuration fields
 * (seed, intervention, any swept axis) beside it under their own names. `value` is NaN when the metric is undefined
 * for that trial (or missing in the file).
 */
export type MetricRecord = Row & StoredMetricRow;
