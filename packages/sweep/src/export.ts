// Exporting a finished (or stopped) sweep's tables for analysis tools.
import { SweepStore, type ExportFormat } from './store.js';

/**
 * Writes trials.<format> and metrics.<format> from `<dir>/sweep.duckdb` into `to` (default: `dir`); `flatten` adds
 * the config's fields to trials as columns `config.<path>`.
 */
export async function exportSweep(dir: string, format: ExportFormat, to: string = dir, options: { flatten?: boolean } = {}): Promise<string[]> {
  if (format !== 'parquet' && format !== 'csv') throw new RangeError(`format: expected parquet or csv, got '${String(format)}'`);
  const store = await SweepStore.open(dir, { readOnly: true });
  try {
    return await store.export(to, format, options);
  } finally {
    await store.close();
  }
}
