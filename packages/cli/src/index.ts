export { buildProgram } from './program.js';
export { metricsCsv, writeMetricsCsv, writeMetricsParquet } from './metrics-files.js';
export { ariSummary, accuracySummary, alignmentSummary } from './summary.js';
