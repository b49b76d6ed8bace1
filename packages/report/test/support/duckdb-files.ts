// Small tables written with DuckDB for the reader tests, in a fresh temporary folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'clusterlens-report-'));
}

/** Runs SQL statements against a database file (':memory:' for COPY-only work), then closes it. */
export async function runSql(database: string, statements: readonly string[]): Promise<void> {
  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  try {
    for (const sql of statements) await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The sweep store's schema (packages/sweep): trials with a JSON config, metrics in long form. */
export const SWEEP_SCHEMA = [
  'CREATE TABLE trials (id VARCHAR PRIMARY KEY, config JSON, status VARCHAR, created_at TIMESTAMP)',
  'CREATE TABLE metrics (trial VARCHAR, split VARCHAR, layer INTEGER, step INTEGER, metric VARCHAR, value DOUBLE)',
];
