// @clusterlens/stats: statistics across runs and the clustering metrics, in plain TypeScript (no native code, no
// database, no figures), so they can be installed and imported alone (docs/ARCHITECTURE.md).

// Clustering metrics (after scikit-learn)
export { adjustedRandIndex } from './clustering/adjusted-rand-index.js';
export { adjustedMutualInfo } from './clustering/adjusted-mutual-info.js';
export { normalizedMutualInfo } from './clustering/normalized-mutual-info.js';
export { pairF1 } from './clustering/pair-f1.js';
export { purity } from './clustering/purity.js';
export { contingency, MAX_POINTS, type Contingency } from './clustering/contingency.js';
export { pairConfusion, type PairConfusion } from './clustering/pair-confusion.js';
export { denseLabels, checkLabels, type DenseLabels, type Labels } from './clustering/labels.js';
export { matchClustersToTasks } from './clustering/match-clusters-to-tasks.js';

// Rows of a metrics table
export type { Cell, MetricRecord, Row } from './rows/row.js';
export { groupBy, type Group } from './rows/group-by.js';
export { filterRows, type Where } from './rows/filter-rows.js';
export { metricSeries, type MetricSeriesOptions, type Series } from './rows/metric-series.js';
export { orderSplits } from './rows/split-order.js';

// Descriptive statistics and intervals
export type { NanPolicy, NanPolicyOption } from './sample-checks.js';
export { mean, variance, standardDeviation } from './sample-moments.js';
export { meanTInterval, type MeanTInterval, type TIntervalOptions } from './t-interval.js';
export { studentTCdf, studentTPdf, studentTQuantile } from './student-t-distribution.js';
export { normalCdf, normalPdf, normalQuantile } from './normal-distribution.js';
export { percentile } from './percentile.js';

// Tests across seeds: verdicts are decided with these (t-tests hold their level at 5-10 seeds; BCa does not)
export {
  oneSampleTTest,
  equivalenceTTest,
  type Alternative,
  type TTest,
  type TTestOptions,
  type EquivalenceTest,
  type EquivalenceTestOptions,
} from './t-test.js';
export { holm } from './holm.js';

// Bootstrap
export type { Statistic } from './statistic.js';
export {
  bootstrapInterval,
  intervalFromDistribution,
  BOOTSTRAP_DEFAULTS,
  type BootstrapInterval,
  type BootstrapMethod,
  type BootstrapOptions,
} from './bootstrap-interval.js';
export { bootstrapDistribution } from './bootstrap-distribution.js';
export { jackknifeValues } from './jackknife.js';
export { bcaLevels, type BcaLevels } from './bca-levels.js';

// rliable (Agarwal et al., 2021)
export type { Strata } from './strata.js';
export { trimMean, interquartileMean } from './trim-mean.js';
export { probabilityOfImprovement, improvementByStratum } from './probability-of-improvement.js';
export {
  stratifiedBootstrapInterval,
  interquartileMeanInterval,
  probabilityOfImprovementInterval,
  STRATIFIED_BOOTSTRAP_DEFAULTS,
  type StratifiedBootstrapOptions,
  type StratifiedInterval,
  type StratifiedStatistic,
} from './stratified-bootstrap.js';

// Curves over training
export type { Curve } from './curve.js';
export { stepsToThreshold, type StepsToThresholdOptions } from './steps-to-threshold.js';
export { areaUnderCurve, type AreaUnderCurveOptions } from './area-under-curve.js';
export {
  clusterDynamics,
  CLUSTER_DYNAMICS_DEFAULTS,
  type ClusterDynamics,
  type ClusterDynamicsOptions,
} from './cluster-dynamics.js';

// Across seeds
export { summarize, type Summary, type SummaryOptions } from './summarize.js';
export {
  summarizeClusterDynamics,
  type ClusterDynamicsSummary,
  type QuantitySummary,
} from './summarize-cluster-dynamics.js';
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

// Principal components (for pictures of hidden states)
export {
  principalComponents,
  covarianceMatrix,
  type PrincipalComponents,
  type PrincipalComponentsOptions,
} from './principal-components.js';
export { symmetricEigen, type SymmetricEigen } from './symmetric-eigen.js';
