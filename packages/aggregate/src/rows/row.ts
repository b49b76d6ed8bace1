// The metrics table's rows: one measurement of one trial, with the trial's configuration joined in.

/** A cell: what a metrics table or a flattened configuration holds. */
export type Cell = string | number | null;

/** A flat record; a missing field reads as null. */
export type Row = Record<string, Cell>;

/** The six columns every metrics table has (PROTOCOL section 3: every split, layer, step and metric). */
export const METRIC_COLUMNS = ['trial', 'split', 'layer', 'step', 'metric', 'value'] as const;

/**
 * One measurement. `layer` is null for metrics of the whole model (output accuracy); `value` is NaN when
 * the metric is undefined for that trial (or missing in the file). Configuration fields (seed,
 * intervention, any swept axis) sit beside these under their own names.
 */
export type MetricRow = Row & {
  trial: string;
  split: string;
  layer: number | null;
  step: number;
  metric: string;
  value: number;
};
