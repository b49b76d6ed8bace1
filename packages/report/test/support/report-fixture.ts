// A synthetic sweep and its report in a fresh temporary folder.
import { join } from 'node:path';
import { writeReport, type ReportResult, type WriteReportOptions } from '@clusterlens/report';

import { temporaryFolder } from './duckdb-files.js';
import { writeSyntheticSweep, type SyntheticSweepOptions } from './synthetic-sweep.js';

export async function syntheticReport(
  sweep: SyntheticSweepOptions = {},
  report: Partial<WriteReportOptions> = {},
): Promise<ReportResult & { sweepDir: string }> {
  const sweepDir = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'), sweep);
  const result = await writeReport(sweepDir, { seed: 0, nResamples: 2000, ...report });
  return { ...result, sweepDir };
}

/**
 * A setup run once, on first use, shared by the tests of a file. Unlike beforeAll, a setup that throws fails each
 * test that uses it (vitest reports a throwing beforeAll as skipped tests, which a CI count would miss).
 */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
