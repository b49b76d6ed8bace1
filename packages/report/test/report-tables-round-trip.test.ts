// Tables read back as written: the CSV (text) and the Parquet file (typed) hold the same cells, exactly.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeTableCsv, writeTablesParquet, type Table } from '@clusterlens/report';

import { temporaryFolder } from './support/duckdb-files.js';
import { once, syntheticReport } from './support/report-fixture.js';

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const csvAsText = (file: string) => query(`SELECT * FROM read_csv('${file}', header = true, all_varchar = true, quote = '"', escape = '"')`);
const parquet = (file: string) => query(`SELECT * FROM read_parquet('${file}')`);

const TRICKY: Table = {
  name: 'tricky',
  title: 'tricky',
  description: 'cells that need quoting or exact digits',
  columns: [
    { name: 'text', type: 'text' },
    { name: 'x', type: 'double' },
    { name: 'k', type: 'integer' },
  ],
  rows: [
    ['plain', 0.1 + 0.2, 1],
    ['comma, and "quotes"', -1e-300, -42],
    ['line\nbreak', 123456789.123456789, 2 ** 53 - 1],
    [' padded ', null, null],
    [null, 1 / 3, 0],
  ],
};

describe('table files round-trip', () => {
  it('reads a tricky table back from Parquet with its types and exact values', async () => {
    const folder = temporaryFolder();
    const file = join(folder, 'tricky.parquet');
    await writeTablesParquet([{ table: TRICKY, file }]);
    const rows = await parquet(file);
    expect(rows.map((r) => [r.text, r.x, r.k === null ? null : Number(r.k)])).toEqual(TRICKY.rows);
    // Written to a temporary name and renamed: nothing else is left behind.
    expect(readdirSync(folder)).toEqual(['tricky.parquet']);
  });

  it('reads a tricky table back from CSV with the same text as JavaScript writes the numbers', async () => {
    const folder = temporaryFolder();
    const file = join(folder, 'tricky.csv');
    await writeTableCsv(TRICKY, file);
    expect(readdirSync(folder)).toEqual(['tricky.csv']);
    const rows = await csvAsText(file);
    expect(rows.map((r) => [r.text, r.x, r.k])).toEqual(TRICKY.rows.map((row) => row.map((cell) => (cell === null ? null : String(cell)))));
  });

  describe("a report's tables", () => {
    const load = once(async () => {
      const report = await syntheticReport();
      return { out: report.out, tables: report.tables.filter((f) => f.endsWith('.csv')).map((f) => f.slice(f.lastIndexOf('/') + 1, -4)) };
    });

    it('hold the same cells in CSV and Parquet, for every table', async () => {
      const { out, tables } = await load();
      expect(tables.length).toBeGreaterThan(5);
      for (const name of tables) {
        const fromCsv = await csvAsText(join(out, 'tables', `${name}.csv`));
        const fromParquet = await parquet(join(out, 'tables', `${name}.parquet`));
        expect(fromParquet.length, name).toBe(fromCsv.length);
        const asText = fromParquet.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])));
        expect(asText, name).toEqual(fromCsv);
      }
    });

    it('keep column types in Parquet (numbers as DOUBLE and BIGINT)', async () => {
      const { out } = await load();
      const types = await query(`SELECT name, type FROM parquet_schema('${join(out, 'tables', 'ari-curves.parquet')}') WHERE name IN ('layer', 'mean', 'split')`);
      expect(Object.fromEntries(types.map((t) => [t.name, t.type]))).toEqual({ split: 'BYTE_ARRAY', layer: 'INT64', mean: 'DOUBLE' });
    });
  });
});
