// clusterlens sweep export <dir> --format parquet|csv [--flatten]: the store's trials and metrics tables as files.
import { exportSweep } from '@clusterlens/sweep';

export interface SweepExportOptions {
  format: 'parquet' | 'csv';
  to?: string;
  flatten?: boolean;
}

export async function sweepExportCommand(dir: string, options: SweepExportOptions): Promise<number> {
  const files = await exportSweep(dir, options.format, options.to ?? dir, { flatten: options.flatten });
  process.stdout.write(`Wrote ${files.join(' and ')}\n`);
  return 0;
}
