// clusterlens report <sweep dir> [--out <dir>] [--seed N] [--threshold 0.5] [--baseline <intervention>] [--alpha 0.05]
// [--c1-min-rise 0.2] ... : the sweep's figures, tables and claim-by-claim findings as report.html (offline,
// interactive) and summary.md, every verdict decided with the thresholds given (VERDICT_THRESHOLDS).
import { VERDICT_THRESHOLDS, writeReport, type VerdictThresholds } from '@clusterlens/report';

import { shownPath } from '../shown-path.js';

interface ReportOptions {
  /** Output folder (default <sweep dir>/report). */
  out?: string;
  /** Seeds every bootstrap interval (default 0); commander hands numbers over as text. */
  seed?: number | string;
  /** ARI level for emergence and steps-to-threshold (default 0.5). */
  threshold?: number | string;
  /** The intervention the others are compared with (default: baseline/none/control/default, else the first). */
  baseline?: string;
}

/** Plus one option per verdict threshold, named as VerdictThresholds names it (commander camel-cases the flags). */
export type ReportCommandOptions = ReportOptions & { [name in keyof VerdictThresholds]?: number | string };

function parseNumber(value: number | string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '') throw new Error(`${flag}: expected a number, got ''`);
  if (!Number.isFinite(n)) throw new Error(`${flag}: expected a number, got '${value}'`);
  return n;
}

export async function reportCommand(sweepDir: string, options: ReportCommandOptions = {}): Promise<number> {
  const seed = parseNumber(options.seed, '--seed', 0);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed: expected a non-negative integer, got '${options.seed}'`);
  const threshold = parseNumber(options.threshold, '--threshold', 0.5);
  const thresholds: Partial<VerdictThresholds> = {};
  for (const { name, flag } of VERDICT_THRESHOLDS) {
    if (options[name] !== undefined) thresholds[name] = parseNumber(options[name], flag, NaN);
  }
  const report = await writeReport(sweepDir, { out: options.out, seed, threshold, baseline: options.baseline, thresholds });
  process.stdout.write(
    [
      `Report: ${shownPath(report.html)}`,
      `Summary: ${shownPath(report.summary)}`,
      `Figures: ${report.figures.length / 2} (PNG and SVG) in ${shownPath(report.out)}/figures; tables: ${report.tables.length / 2} (CSV and Parquet) in ${shownPath(report.out)}/tables`,
      ...report.warnings.map((warning) => `Note: ${warning}`),
      '',
      'Findings:',
      ...report.findings.map((line) => `  ${line}`),
      '',
    ].join('\n'),
  );
  return 0;
}
