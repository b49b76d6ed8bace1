// clusterlens sweep export <dir> --format parquet|csv: the store's trials and metrics tables as files.
import { exportSweep } from '@clusterlens/sweep';

export interface SweepExportOptions {
  format: 'parquet' | 'csv';
  to?: string;
}

export async function sweepExportCommand(dir: string, options: SweepExportOptions): Promise<number> {
  const files = await exportSweep(dir, options.format, options.to ?? dir);
  process.stdout.write(`Wrote ${files.join(' and ')}\n`);
  return 0;
}
