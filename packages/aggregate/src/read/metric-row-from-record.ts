// A record read from a table checked and typed as a MetricRow.
import type { JS } from '@duckdb/node-api';
import { METRIC_COLUMNS, type Cell, type MetricRow } from '../rows/row.js';
import { toCell, toNumber } from './cells.js';

/** Throws unless every metric column is present, naming the missing ones and those present. */
export function checkMetricColumns(columns: readonly string[], source: string): void {
  const missing = METRIC_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new RangeError(
      `${source}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(a metrics table needs ${METRIC_COLUMNS.join(', ')}; it has ${columns.join(', ')})`,
    );
  }
}

/**
 * The six metric columns typed (layer an integer or null, step an integer, value a number with NULL read as
 * NaN, i.e. not measured), then every other column as a cell under its own name.
 */
export function metricRowFromRecord(record: Record<string, JS>, where: string): MetricRow {
  const layer = toNumber(record.layer, `${where} layer`);
  if (layer !== null && !Number.isInteger(layer)) throw new TypeError(`${where} layer: expected an integer, got ${layer}`);
  const step = toNumber(record.step, `${where} step`);
  if (step === null || !Number.isInteger(step)) throw new TypeError(`${where} step: expected an integer, got ${String(step)}`);
  const trial = toCell(record.trial, `${where} trial`);
  const split = toCell(record.split, `${where} split`);
  const metric = toCell(record.metric, `${where} metric`);
  if (trial === null || split === null || metric === null) {
    throw new TypeError(`${where}: trial, split and metric must not be NULL`);
  }
  const row: MetricRow = {
    trial: String(trial),
    split: String(split),
    layer,
    step,
    metric: String(metric),
    value: toNumber(record.value, `${where} value`) ?? NaN,
  };
  for (const [column, value] of Object.entries(record)) {
    if (!(METRIC_COLUMNS as readonly string[]).includes(column)) row[column] = toCell(value, `${where} ${column}`) as Cell;
  }
  return row;
}
