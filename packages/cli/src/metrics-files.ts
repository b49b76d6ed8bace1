// A trial's metric rows on disk: CSV for people and spreadsheets, Parquet for analysis tools. Both are written as a
// report Table by @clusterlens/report's writers (atomically: a temporary name, then a rename), and read back by its
// readMetrics.
import { tableToCsv, writeTableCsv, writeTablesParquet, type Column, type Table } from '@clusterlens/report';
import { METRIC_COLUMNS, type MetricRow } from '@clusterlens/schema';

const COLUMN_TYPES: Record<(typeof METRIC_COLUMNS)[number], Column['type']> = {
  split: 'text',
  layer: 'integer',
  step: 'integer',
  metric: 'text',
  value: 'double',
};

/** The rows as a table with schema's metric columns; a whole-model row's layer is missing (null), NaN stays NaN. */
function metricsTable(rows: readonly MetricRow[]): Table {
  return {
    name: 'metrics',
    title: 'Metrics',
    description: 'One measurement per split, layer, step and metric.',
    columns: METRIC_COLUMNS.map((name) => ({ name, type: COLUMN_TYPES[name] })),
    rows: rows.map((r) => [r.split, r.layer, r.step, r.metric, r.value]),
  };
}

export function metricsCsv(rows: readonly MetricRow[]): string {
  return tableToCsv(metricsTable(rows));
}

export async function writeMetricsCsv(file: string, rows: readonly MetricRow[]): Promise<void> {
  await writeTableCsv(metricsTable(rows), file);
}

export async function writeMetricsParquet(file: string, rows: readonly MetricRow[]): Promise<void> {
  await writeTablesParquet([{ table: metricsTable(rows), file }]);
}
