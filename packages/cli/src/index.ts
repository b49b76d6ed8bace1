export { buildProgram } from './program.js';
export { metricsCsv, writeMetricsCsv, writeMetricsParquet } from './metrics-files.js';
export { ariSummary, accuracySummary } from './summary.js';
