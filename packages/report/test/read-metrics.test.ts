// Reading metric rows from Parquet, CSV and DuckDB files with DuckDB's built-in readers.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMetrics } from '@clusterlens/report';
import { runSql, temporaryFolder } from './support/duckdb-files.js';

const folder = temporaryFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const metricsTable = [
  'CREATE TABLE metrics (trial VARCHAR, split VARCHAR, layer INTEGER, step BIGINT, metric VARCHAR, value DOUBLE, seed BIGINT, intervention VARCHAR)',
  "INSERT INTO metrics VALUES ('t1', 'train', 3, 100, 'ari', 0.5, 1, 'none'), ('t1', 'train', NULL, 100, 'accuracy', 0.9, 1, 'none'), ('t2', 'unseen-distribution', 0, 200, 'silhouette', 'nan'::DOUBLE, 2, 'aux')",
];
const expected = [
  { trial: 't1', split: 'train', layer: 3, step: 100, metric: 'ari', value: 0.5, seed: 1, intervention: 'none' },
  { trial: 't1', split: 'train', layer: null, step: 100, metric: 'accuracy', value: 0.9, seed: 1, intervention: 'none' },
  { trial: 't2', split: 'unseen-distribution', layer: 0, step: 200, metric: 'silhouette', value: NaN, seed: 2, intervention: 'aux' },
];

describe('readMetrics', () => {
  it('reads a Parquet file, with integer columns as numbers and extra columns kept', async () => {
    const file = join(folder, 'metrics.parquet');
    await runSql(':memory:', [...metricsTable, `COPY metrics TO '${file}' (FORMAT parquet)`]);
    expect(await readMetrics(file)).toEqual(expected);
  });

  it('reads a DuckDB file (table metrics by default) without changing it', async () => {
    const file = join(folder, 'metrics.duckdb');
    await runSql(file, metricsTable);
    expect(await readMetrics(file)).toEqual(expected);
    // Opened read-only and closed: the file can be written again right away.
    await runSql(file, ['DROP TABLE metrics']);
  });

  it('reads a CSV file: empty layer as null, empty value as NaN, booleans as text', async () => {
    const file = join(folder, 'metrics.csv');
    writeFileSync(
      file,
      'trial,split,layer,step,metric,value,seed,tied\n' +
        't1,train,,100,accuracy,0.9,1,true\n' +
        't1,train,2,100,ari,,1,false\n' +
        't2,train,2,100,ari,nan,2,true\n',
    );
    const rows = await readMetrics(file);
    expect(rows[0]).toEqual({ trial: 't1', split: 'train', layer: null, step: 100, metric: 'accuracy', value: 0.9, seed: 1, tied: 'true' });
    expect(rows[1].value).toBeNaN();
    expect(rows[2].value).toBeNaN();
  });

  it("reads one trial's table without a trial column, as `clusterlens train` and `probe` write it", async () => {
    // The CLI's format: schema's METRIC_COLUMNS, a whole-model row's layer empty, undefined values as NaN.
    const file = join(folder, 'train-out.csv');
    writeFileSync(file, 'split,layer,step,metric,value\ntrain,3,100,ari,0.30000000000000004\ntrain,,100,accuracy,0.9\nunseen-distribution,0,100,accuracy-out-of-cluster,NaN\nvalidation,,100,loss,Infinity\n');
    const rows = await readMetrics(file);
    expect(rows.slice(0, 2)).toEqual([
      { trial: file, split: 'train', layer: 3, step: 100, metric: 'ari', value: 0.30000000000000004 },
      { trial: file, split: 'train', layer: null, step: 100, metric: 'accuracy', value: 0.9 },
    ]);
    expect(rows[2].value).toBeNaN();
    expect(rows[3].value).toBe(Infinity);

    const parquet = join(folder, 'probe-out.parquet');
    await runSql(':memory:', [
      "CREATE TABLE metrics AS SELECT 'train' AS split, 2 AS layer, 10 AS step, 'ari' AS metric, 0.25 AS value",
      `COPY metrics TO '${parquet}' (FORMAT parquet)`,
    ]);
    expect(await readMetrics(parquet, { trial: 'run-7' })).toEqual([{ trial: 'run-7', split: 'train', layer: 2, step: 10, metric: 'ari', value: 0.25 }]);
  });

  it('names the missing columns', async () => {
    const file = join(folder, 'partial.csv');
    writeFileSync(file, 'trial,step,value\nt1,1,0.5\n');
    await expect(readMetrics(file)).rejects.toThrow(/missing columns split, layer, metric \(a metrics table needs/);
  });

  it('asks for a format it cannot infer', async () => {
    await expect(readMetrics(join(folder, 'metrics.txt'))).rejects.toThrow(/pass format: 'parquet', 'csv' or 'duckdb'/);
    const file = join(folder, 'metrics-csv.txt');
    writeFileSync(file, 'trial,split,layer,step,metric,value\nt1,train,1,5,ari,0.25\n');
    expect((await readMetrics(file, { format: 'csv' }))[0].value).toBe(0.25);
  });

  it('rejects a step that is not an integer', async () => {
    const file = join(folder, 'fractional.csv');
    writeFileSync(file, 'trial,split,layer,step,metric,value\nt1,train,1,2.5,ari,0.25\n');
    await expect(readMetrics(file)).rejects.toThrow(/row 1: step: expected an integer, got 2.5/);
  });
});
