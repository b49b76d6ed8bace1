// @clusterlens/schema: what every package must agree on, with no runtime dependencies (docs/ARCHITECTURE.md).
export { canonicalJson } from './canonical-json.js';
export {
  PROBE_METRICS,
  MODEL_METRICS,
  CLUSTER_ACCURACY_METRICS,
  METRIC_NAMES,
  type ProbeMetric,
  type ModelMetric,
  type ClusterAccuracyMetric,
  type MetricName,
  type MetricRow,
  type TrialMetricRow,
  type StoredMetricRow,
  type JsonMetricRow,
  metricRowsToJson,
  metricRowsFromJson,
} from './metrics.js';
export {
  METRICS_LOG_FILE,
  metricsLogLines,
  writeMetricsLog,
  appendMetricsLog,
  parseMetricsLog,
  type LoggedMetricRow,
} from './metrics-log.js';
export {
  STATUS_FILE,
  STATUS_FORMAT,
  parseSweepStatus,
  type SweepStatus,
  type StatusTrial,
  type StatusRunningTrial,
} from './sweep-status.js';
export { SPLIT_NAMES, UNSEEN_SPLITS, isSplitName, type SplitName } from './splits.js';
export { STORE_FILE, TRIAL_STATUSES, METRIC_COLUMNS, STORED_METRIC_COLUMNS, STORE_DDL, metricsTableDdl, type TrialRow, type TrialStatus } from './store.js';
export { UserError, isRetryable, formatPath } from './errors.js';
export { Random, checkSeed, range } from './random.js';
export {
  parseSafetensors,
  serializeSafetensors,
  readSafetensors,
  writeSafetensors,
  SafetensorsError,
  type DType,
  type Tensor,
  type TensorData,
  type TensorCollection,
  type SafetensorsContents,
} from './safetensors.js';
