// One short-lived DuckDB instance per read: opened, queried, closed, so no file stays locked afterwards.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * Runs `use` on a connection to `database` (':memory:' for reading Parquet or CSV files, or a .duckdb file,
 * opened read-only so that reading never changes a store), then closes both.
 */
export async function withDuckDB<T>(database: string, use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const options: Record<string, string> = database === ':memory:' ? {} : { access_mode: 'READ_ONLY' };
  const instance = await DuckDBInstance.create(database, options);
  try {
    const connection = await instance.connect();
    try {
      return await use(connection);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** A double-quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
