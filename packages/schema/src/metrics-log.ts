// A trial's live metrics: `metrics.jsonl`, one JSON object per metric row, appended as each evaluation finishes, so
// `tail -f`, pandas (`read_json(lines=True)`), polars (`read_ndjson`) and a report can read a trial while it runs.
//
// A line is `{"trial":"<id>","split":"train","layer":3,"step":100,"metric":"ari","value":0.52}`; `trial` is present
// in a sweep's trial folders and absent in `clusterlens train`'s output. JSON has no NaN: a metric that is undefined
// (NaN, e.g. a silhouette of one cluster) is written as `null`, which every JSON reader takes as missing.
import { appendFile, rename, writeFile } from 'node:fs/promises';

import type { MetricRow } from './metrics.js';

/** The file's name, in `clusterlens train --out <dir>` and in each sweep trial's folder `<sweep>/checkpoints/<id>/`. */
export const METRICS_LOG_FILE = 'metrics.jsonl';

/** A metric row read back from a metrics log, with its trial when the line names one. */
export interface LoggedMetricRow extends MetricRow {
  trial?: string;
}

/** The log's text for these rows: one line each, every line ending in a newline. */
export function metricsLogLines(rows: readonly MetricRow[], trial?: string): string {
  return rows
    .map(({ split, layer, step, metric, value }) => {
      const line = { ...(trial === undefined ? {} : { trial }), split, layer, step, metric, value: Number.isFinite(value) ? value : null };
      return `${JSON.stringify(line)}\n`;
    })
    .join('');
}

/** Replaces the log with exactly these rows (a resumed trial's rows up to its checkpoint); readers never see half a file. */
export async function writeMetricsLog(file: string, rows: readonly MetricRow[], trial?: string): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, metricsLogLines(rows, trial));
  await rename(partial, file);
}

/** Adds rows at the end of the log. */
export async function appendMetricsLog(file: string, rows: readonly MetricRow[], trial?: string): Promise<void> {
  if (rows.length > 0) await appendFile(file, metricsLogLines(rows, trial));
}

/**
 * The rows of a log's text. A last line without its newline is a row still being written and is left out; any other
 * line that is not a metric row is an error naming `source` and the line number. `null` values read back as NaN.
 */
export function parseMetricsLog(text: string, source = METRICS_LOG_FILE): LoggedMetricRow[] {
  const lines = text.split('\n');
  lines.pop(); // the text after the last newline: empty, or a line not yet complete
  const rows: LoggedMetricRow[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new SyntaxError(`${where}: not a JSON line (${(error as Error).message})`);
    }
    rows.push(checkLoggedRow(parsed, where));
  });
  return rows;
}

function checkLoggedRow(value: unknown, where: string): LoggedMetricRow {
  const row = value as Record<string, unknown> | null;
  const fail = (field: string, expected: string) => {
    throw new TypeError(`${where}: ${field}: expected ${expected}, got ${JSON.stringify(row?.[field]) ?? 'nothing'}`);
  };
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new TypeError(`${where}: expected a metric row object`);
  if (row.trial !== undefined && typeof row.trial !== 'string') fail('trial', 'a string');
  if (typeof row.split !== 'string') fail('split', 'a string');
  if (row.layer !== null && !Number.isInteger(row.layer)) fail('layer', 'an integer or null');
  if (!Number.isInteger(row.step)) fail('step', 'an integer');
  if (typeof row.metric !== 'string') fail('metric', 'a string');
  if (row.value !== null && typeof row.value !== 'number') fail('value', 'a number or null');
  return {
    ...(row.trial === undefined ? {} : { trial: row.trial as string }),
    split: row.split as string,
    layer: row.layer as number | null,
    step: row.step as number,
    metric: row.metric as string,
    value: row.value === null ? Number.NaN : (row.value as number),
  };
}
