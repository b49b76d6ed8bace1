// What a trial measures: one row per (split, layer, step, metric). Producers (the experiment's trials) and consumers
// (the sweep store, the report) share these names, so a metric added in one place is a compile error in the others
// until they handle it.
import type { SplitName } from './splits.js';

/** Agreement of k-means clusters of one layer's hidden states with the task labels, plus the labels' silhouette. */
export const PROBE_METRICS = ['ari', 'ami', 'nmi', 'pairF1', 'purity', 'silhouette'] as const;
export type ProbeMetric = (typeof PROBE_METRICS)[number];

/** Measures of the whole model on a split (layer null). */
export const MODEL_METRICS = ['accuracy', 'loss', 'train-loss'] as const;
export type ModelMetric = (typeof MODEL_METRICS)[number];

/**
 * The link between clustering and answers on unseen instances (PROTOCOL section 4), per probed layer: output accuracy
 * of instances whose state lands in their own task's cluster, of those that do not, and the share that does.
 */
export const CLUSTER_ACCURACY_METRICS = ['accuracy-in-cluster', 'accuracy-out-of-cluster', 'in-cluster-fraction'] as const;
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
