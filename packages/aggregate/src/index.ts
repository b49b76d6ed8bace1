// @clusterlens/aggregate: statistics across seeds and interventions over a metrics table, and its readers.
// It knows nothing about transformers: it reads plain metric rows (ARCHITECTURE.md, "Dependencies").

// Rows
export { METRIC_COLUMNS, type Cell, type MetricRow, type Row } from './rows/row.js';
export { groupBy, type Group } from './rows/group-by.js';
export { filterRows, type Where } from './rows/filter-rows.js';
export { metricSeries, type MetricSeriesOptions, type Series } from './rows/metric-series.js';

// Reading stored results
export { readMetrics, formatOf, type ReadMetricsOptions, type TableFormat } from './read/read-metrics.js';
export { readSweep, CONFIG_COLLISION_PREFIX, type ReadSweepOptions } from './read/read-sweep.js';
export { flattenConfig } from './read/flatten-config.js';

// Descriptive statistics and intervals
export type { NanPolicy, NanPolicyOption } from './stats/sample-checks.js';
export { mean, variance, standardDeviation } from './stats/sample-moments.js';
export { meanTInterval, type MeanTInterval, type TIntervalOptions } from './stats/t-interval.js';
export { studentTCdf, studentTPdf, studentTQuantile } from './stats/student-t-distribution.js';
export { normalCdf, normalPdf, normalQuantile } from './stats/normal-distribution.js';
export { percentile } from './stats/percentile.js';
export { seededRandom, type SeededRandom } from './stats/seeded-random.js';

// Bootstrap
export type { Statistic } from './stats/statistic.js';
export {
  bootstrapInterval,
  intervalFromDistribution,
  BOOTSTRAP_DEFAULTS,
  type BootstrapInterval,
  type BootstrapMethod,
  type BootstrapOptions,
} from './stats/bootstrap-interval.js';
export { bootstrapDistribution } from './stats/bootstrap-distribution.js';
export { jackknifeValues } from './stats/jackknife.js';
export { bcaLevels, type BcaLevels } from './stats/bca-levels.js';

// rliable (Agarwal et al., 2021)
export type { Strata } from './stats/strata.js';
export { trimMean, interquartileMean } from './stats/trim-mean.js';
export { probabilityOfImprovement, improvementByStratum } from './stats/probability-of-improvement.js';
export {
  stratifiedBootstrapInterval,
  interquartileMeanInterval,
  probabilityOfImprovementInterval,
  STRATIFIED_BOOTSTRAP_DEFAULTS,
  type StratifiedBootstrapOptions,
  type StratifiedInterval,
  type StratifiedStatistic,
} from './stats/stratified-bootstrap.js';

// Curves over training
export type { Curve } from './stats/curve.js';
export { stepsToThreshold, type StepsToThresholdOptions } from './stats/steps-to-threshold.js';
export { areaUnderCurve, type AreaUnderCurveOptions } from './stats/area-under-curve.js';
export {
  clusterDynamics,
  CLUSTER_DYNAMICS_DEFAULTS,
  type ClusterDynamics,
  type ClusterDynamicsOptions,
} from './stats/cluster-dynamics.js';

// Across seeds
export { summarize, type Summary, type SummaryOptions } from './stats/summarize.js';
export {
  summarizeClusterDynamics,
  type ClusterDynamicsSummary,
  type QuantitySummary,
} from './stats/summarize-cluster-dynamics.js';
export {
  pairedDifferences,
  summarizePairedDifferences,
  type Pair,
  type PairedDifferences,
  type PairedDifferencesOptions,
} from './analyses/paired-differences.js';
export {
  clusterDynamicsAcrossSeeds,
  type ClusterDynamicsAcrossSeedsOptions,
  type ClusterDynamicsGroup,
  type SeedDynamics,
} from './analyses/cluster-dynamics-across-seeds.js';
