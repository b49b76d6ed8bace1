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

// Principal components (for pictures of hidden states)
export {
  principalComponents,
  covarianceMatrix,
  type PrincipalComponents,
  type PrincipalComponentsOptions,
} from './stats/principal-components.js';
export { symmetricEigen, type SymmetricEigen } from './stats/symmetric-eigen.js';

// Figures: Vega-Lite specs rendered to SVG and PNG in Node
export { SPLIT_ORDER, orderSplits } from './rows/split-order.js';
export type { Figure } from './plots/figure.js';
export { FIGURE_CONFIG, FIGURE_FONT } from './plots/theme.js';
export { DEJAVU_DIRECTORY, dejavuFontFiles } from './plots/fonts.js';
export { compileFigure, type CompiledFigure } from './plots/compile-figure.js';
export { renderSvg } from './plots/render-svg.js';
export { rasterizeSvg, type Raster, type RasterizeOptions } from './plots/rasterize-svg.js';
export { renderFigure, type RenderedFigure } from './plots/render-figure.js';
export { ariOverTrainingFigure, type CurveFigureOptions, type CurvePoint } from './plots/ari-over-training.js';
export { finalAriByLayerFigure, type LayerFigureOptions, type LayerSummary } from './plots/final-ari-by-layer.js';
export type { OutcomeInterval } from './plots/outcome-intervals.js';
export { interventionIqmFigure, type IqmFigureOptions } from './plots/intervention-iqm.js';
export { probabilityOfImprovementFigure, type ImprovementFigureOptions } from './plots/probability-of-improvement.js';
export { pcaProjectionFigure, type PcaFigure, type PcaFigureOptions } from './plots/pca-projection.js';

// Reports
export { writeReport, MAX_PROJECTIONS, type ReportResult, type WriteReportOptions } from './report/write-report.js';
export type { ClaimId, ClaimResult, Finding, StatisticRow } from './report/claims/claim.js';
export { readRepresentation, findRepresentations, REPRESENTATIONS_FOLDER, type Representation } from './report/representations.js';
export { readSafetensors, type SafetensorsFile, type SafetensorsTensor } from './report/read-safetensors.js';
export type { Table, Column, ColumnType, TableCell } from './report/table.js';
export { tableToCsv, writeTableCsv } from './report/write-table-csv.js';
export { writeTablesParquet } from './report/write-table-parquet.js';
