// A report table: typed columns, so the CSV and the Parquet file say the same thing and Parquet keeps types.

export type ColumnType = 'text' | 'double' | 'integer';

export interface Column {
  name: string;
  type: ColumnType;
  /** What the column holds, with units where not obvious (shown in report.html). */
  description?: string;
}

export type TableCell = string | number | null;

export interface Table {
  /** File stem: tables/<name>.csv and .parquet. */
  name: string;
  title: string;
  description: string;
  columns: Column[];
  rows: TableCell[][];
}

/** A table from row objects, in column order; undefined and non-finite numbers become null (missing). */
export function tableFromRecords(
  meta: Omit<Table, 'rows'>,
  records: readonly Record<string, TableCell | undefined>[],
): Table {
  const rows = records.map((record) =>
    meta.columns.map(({ name, type }) => {
      const value = record[name];
      if (value === undefined || value === null) return null;
      if (type === 'text') return String(value);
      if (typeof value !== 'number') throw new TypeError(`table ${meta.name}: column ${name} expects numbers, got ${JSON.stringify(value)}`);
      if (!Number.isFinite(value)) return null;
      if (type === 'integer' && !Number.isInteger(value)) {
        throw new TypeError(`table ${meta.name}: column ${name} expects integers, got ${value}`);
      }
      return value;
    }),
  );
  return { ...meta, rows };
}
