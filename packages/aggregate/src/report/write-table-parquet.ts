// A table as Parquet, written by DuckDB (built in, offline) from an in-memory table with the declared types.
import { DuckDBInstance } from '@duckdb/node-api';

import { quoteIdentifier } from '../read/duckdb-session.js';
import type { ColumnType, Table } from './table.js';

const SQL_TYPES: Record<ColumnType, string> = { text: 'VARCHAR', double: 'DOUBLE', integer: 'BIGINT' };

/** Writes each table to its file; one DuckDB instance for all of them. */
export async function writeTablesParquet(tables: readonly { table: Table; file: string }[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    for (const [index, { table, file }] of tables.entries()) {
      const name = `t${index}`;
      const columns = table.columns.map((c) => `${quoteIdentifier(c.name)} ${SQL_TYPES[c.type]}`).join(', ');
      await connection.run(`CREATE TABLE ${name} (${columns})`);
      const appender = await connection.createAppender(name);
      try {
        for (const row of table.rows) {
          row.forEach((cell, i) => {
            const type = table.columns[i].type;
            if (cell === null) appender.appendNull();
            else if (type === 'text') appender.appendVarchar(String(cell));
            else if (type === 'integer') appender.appendBigInt(BigInt(cell as number));
            else appender.appendDouble(cell as number);
          });
          appender.endRow();
        }
      } finally {
        appender.closeSync();
      }
      await connection.run(`COPY ${name} TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
      await connection.run(`DROP TABLE ${name}`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
