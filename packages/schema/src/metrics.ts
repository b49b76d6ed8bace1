// What a trial measures: one row per (split, layer, step, metric). Producers (the experiment's trials) and consumers
// (the sweep store, the report) share these names, so a metric added in one place is a compile error in the others
// until they handle it.
import type { SplitName } from './splits.js';

/** Agreement of k-means clusters of one layer's hidden states with the task labels, plus the labels' silhouette. */
export const PROBE_METRICS = ['ari', 'ami', 'nmi', 'pairF1', 'purity', 'silhouette'] as const;
export type ProbeMetric = (typeof PROBE_METRICS)[number];

/**
 * Measures of the whole model on a split (layer null); `instances` is the size of the split's evaluation set; `auxiliary-loss` the
 * mean auxiliary clustering loss since the last evaluation (training.auxiliaryLoss). Trials
 * with an alignment stage (docs/PROTOCOL.md section 6) add, before and after alignment: `refusal-rate` (the share of
 * the disallowed tasks' instances answered with the refusal), `false-refusal-rate` (the share of the allowed tasks'
 * instances answered with it) and `allowed-accuracy` (output accuracy on the allowed tasks' instances).
 */
export const MODEL_METRICS = ['accuracy', 'loss', 'train-loss', 'auxiliary-loss', 'instances', 'refusal-rate', 'false-refusal-rate', 'allowed-accuracy'] as const;
export type ModelMetric = (typeof MODEL_METRICS)[number];

/**
 * The link between clustering and answers on unseen instances (docs/PROTOCOL.md section 4), per unseen split and
 * probed layer, with clusters matched one-to-one to tasks: output accuracy of instances whose state lands in their
 * own task's cluster and of those that do not (pooled), the share that does, both counts, and the within-task gap
 * (the mean over tasks with instances in both groups of in-cluster minus out-of-cluster accuracy; NaN when no task
 * has both).
 */
export const CLUSTER_ACCURACY_METRICS = [
  'accuracy-in-cluster',
  'accuracy-out-of-cluster',
  'in-cluster-fraction',
  'in-cluster-count',
  'out-of-cluster-count',
  'within-task-accuracy-gap',
] as const;
export type ClusterAccuracyMetric = (typeof CLUSTER_ACCURACY_METRICS)[number];

export const METRIC_NAMES = [...PROBE_METRICS, ...MODEL_METRICS, ...CLUSTER_ACCURACY_METRICS] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/**
 * One measurement of a trial. `layer` is a residual-stream layer (0 = embeddings, l = output of block l) or null for
 * whole-model measures. `split` and `metric` are strings on the wire: trial functions other than the experiment's may
 * report their own; the experiment's rows use `SplitName` and `MetricName` (`TrialMetricRow`).
 */
export interface MetricRow<Split extends string = string, Metric extends string = string> {
  split: Split;
  layer: number | null;
  step: number;
  metric: Metric;
  value: number;
}

/** The rows a clusterlens trial produces. */
export type TrialMetricRow = MetricRow<SplitName, MetricName>;

/** A metric row as the results store keeps it: with the id of the trial that produced it. */
export interface StoredMetricRow extends MetricRow {
  trial: string;
}

/** A metric row as JSON can carry it: JSON has no NaN or infinities, so a value that is not finite travels by name. */
export type JsonMetricRow = Omit<MetricRow, 'value'> & { value: number | 'NaN' | 'Infinity' | '-Infinity' };

/** Rows for JSON (a queue, a checkpoint): a value that is not finite becomes 'NaN', 'Infinity' or '-Infinity'. */
export function metricRowsToJson<R extends MetricRow>(rows: readonly R[]): (Omit<R, 'value'> & Pick<JsonMetricRow, 'value'>)[] {
  return rows.map((row) => (Number.isFinite(row.value) ? row : { ...row, value: String(row.value) as JsonMetricRow['value'] }));
}

/** Rows read back from JSON, their non-finite values numbers again. */
export function metricRowsFromJson<R extends MetricRow>(rows: readonly (Omit<R, 'value'> & Pick<JsonMetricRow, 'value'>)[]): R[] {
  return rows.map((row) => (typeof row.value === 'number' ? row : { ...row, value: Number(row.value) }) as R);
}
