// @clusterlens/report: reports of a sweep. It reads a sweep's results (DuckDB, Parquet, CSV), checks the protocol's
// claims, draws Vega-Lite figures and writes an offline HTML report. Statistics come from @clusterlens/stats, names
// and file formats from @clusterlens/schema; neither is re-exported here (docs/ARCHITECTURE.md).

// Reading stored results
export { readMetrics, formatOf, flattenConfig, type ReadMetricsOptions, type TableFormat } from './read/metrics.js';
export { readSweep, readTrials, CONFIG_COLLISION_PREFIX, type ReadSweepOptions, type TrialInfo } from './read/sweep.js';
export { readRepresentation, findRepresentations, REPRESENTATIONS_FOLDER, type Representation } from './read/representations.js';

// Figures: Vega-Lite specs rendered to SVG and PNG in Node
export {
  FIGURE_CONFIG,
  FIGURE_FONT,
  DEJAVU_DIRECTORY,
  MAX_FIGURE_WIDTH,
  wrapColumns,
  dejavuFontFiles,
  compileFigure,
  renderSvg,
  rasterizeSvg,
  renderFigure,
  type Figure,
  type CompiledFigure,
  type Raster,
  type RasterizeOptions,
  type RenderedFigure,
} from './figures/render.js';
export {
  ariOverTrainingFigure,
  finalAriByLayerFigure,
  pcaProjectionFigure,
  type CurveFigureOptions,
  type CurvePoint,
  type LayerFigureOptions,
  type LayerSummary,
  type PcaFigure,
  type PcaFigureOptions,
} from './figures/clustering.js';
export {
  interventionIqmFigure,
  probabilityOfImprovementFigure,
  type OutcomeInterval,
  type IqmFigureOptions,
  type ImprovementFigureOptions,
} from './figures/interventions.js';

// Reports
export { figuresForClaims, renderReproductionMarkdown, type ReproductionRun, type ReproductionSweep } from './reproduction.js';
export { writeReport, assessClaims, MAX_PROJECTIONS, type AssessOptions, type ReportResult, type WriteReportOptions } from './write-report.js';
export type { ClaimId, ClaimResult, ConditionVerdict, Finding, StatisticRow } from './claims/common.js';
export {
  VERDICT_DEFAULTS,
  VERDICT_THRESHOLDS,
  type ClaimVerdict,
  type Comparison,
  type ComparisonTest,
  type DirectionVerdict,
  type ThresholdDescription,
  type VerdictThresholds,
} from './claims/verdicts.js';

// Tables: CSV and Parquet files of typed columns, written atomically
export {
  tableFromRecords,
  tableToCsv,
  writeTableCsv,
  writeTablesParquet,
  type Table,
  type Column,
  type ColumnType,
  type TableCell,
} from './tables.js';
