// Tables: typed columns, so the CSV and the Parquet file say the same thing and Parquet keeps types. The writers are
// used for every table of a report and for the metrics files of `clusterlens train` and `probe`; both write to a
// temporary name and rename, so a crash never leaves a half-written table behind.
import { rename, rm, writeFile } from 'node:fs/promises';

import { DuckDBInstance } from '@duckdb/node-api';

import { groupBy } from '@clusterlens/stats';

import type { ClaimResult } from './claims/common.js';
import type { ImprovementInterval } from './claims/comparisons.js';
import type { OutcomeInterval } from './figures/interventions.js';
import { meanWithInterval, outcomesAsRows, type CurveSummary, type LayerFinal, type TrialOutcome } from './outcomes.js';
import { quoteIdentifier } from './read/metrics.js';
import { conditionOf, type SweepData } from './read/sweep.js';

// ------------------------------------------------------------------------------------------------ tables

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
  /**
   * Cells in column order: text, numbers (integers in integer columns) or null (missing). A NaN or infinite double is
   * written as such (CSV: NaN, Infinity); tableFromRecords makes them null.
   */
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

/** Writes through `write` to `<file>.tmp`, then renames it over `file`; on failure the temporary file is removed. */
async function atomically(file: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = `${file}.tmp`;
  try {
    await write(temporary);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

// ------------------------------------------------------------------------------------------------ CSV

// A table as CSV (RFC 4180): numbers in JavaScript's shortest round-trip form, so they read back exactly;
// a missing value is an empty field.

function csvField(cell: TableCell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function tableToCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.name)), ...table.rows.map((row) => row.map(csvField))];
  return lines.map((fields) => fields.join(',')).join('\n') + '\n';
}

export async function writeTableCsv(table: Table, file: string): Promise<void> {
  await atomically(file, (temporary) => writeFile(temporary, tableToCsv(table)));
}

// ------------------------------------------------------------------------------------------------ Parquet

// A table as Parquet, written by DuckDB (built in, offline) from an in-memory table with the declared types.

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
      await atomically(file, async (temporary) => {
        await connection.run(`COPY ${name} TO '${temporary.replaceAll("'", "''")}' (FORMAT parquet)`);
      });
      await connection.run(`DROP TABLE ${name}`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

// ------------------------------------------------------------------------------------------------ a report's tables

// Every table of a report, typed: what report.html shows and what tables/*.csv and *.parquet hold.

const text = (name: string, description?: string): Column => ({ name, type: 'text', description });
const double = (name: string, description?: string): Column => ({ name, type: 'double', description });
const integer = (name: string, description?: string): Column => ({ name, type: 'integer', description });

const INTERVAL_COLUMNS = (level: string): Column[] => [
  integer('n', 'seeds'),
  double('mean'),
  double('sd', 'sample standard deviation (ddof = 1)'),
  double('low', `${level} Student-t interval of the mean, lower end`),
  double('high', `${level} Student-t interval of the mean, upper end`),
];

export function trialsTable(sweep: SweepData): Table {
  return tableFromRecords(
    {
      name: 'trials',
      title: 'Trials',
      description: 'Every trial of the sweep, whatever its status; only finished (done) trials enter the statistics.',
      columns: [
        text('id'),
        text('label'),
        text('condition'),
        text('intervention'),
        integer('seed'),
        text('status'),
        integer('attempts'),
        double('seconds', 'wall time of the last attempt'),
        text('error'),
        text('codeVersion', 'version of the code that ran the trial (empty when the store does not record it)'),
      ],
    },
    sweep.trials.map((t) => ({
      id: t.id,
      label: t.label,
      condition: conditionOf(t),
      intervention: t.intervention,
      seed: t.seed,
      status: t.status,
      attempts: t.attempts,
      seconds: t.seconds,
      error: t.error,
      codeVersion: t.codeVersion,
    })),
  );
}

/** The config paths whose value differs between finished trials (a sweep description's `differences`). */
export function configDifferencesTable(differences: readonly { path: string; condition: string; values: readonly string[] }[]): Table {
  return tableFromRecords(
    {
      name: 'config-differences',
      title: 'Config differences',
      description: 'Config paths (seed excluded) whose value is not the same in every finished trial, with each condition\'s value(s).',
      columns: [text('path'), text('condition'), text('values', "the condition's values, ' | '-separated")],
    },
    differences.map((d) => ({ path: d.path, condition: d.condition, values: d.values.join(' | ') })),
  );
}

export function ariCurvesTable(curves: readonly CurveSummary[], level: string): Table {
  return tableFromRecords(
    {
      name: 'ari-curves',
      title: 'ARI over training (mean across seeds)',
      description: `ARI per condition, split, layer and step: mean across seeds with its ${level} t-interval (the main figure's data).`,
      columns: [text('condition'), text('split'), integer('layer'), integer('step'), ...INTERVAL_COLUMNS(level)],
    },
    curves.map((c) => ({ ...c })),
  );
}

export function finalAriTable(finals: readonly LayerFinal[], level: string): Table {
  return tableFromRecords(
    {
      name: 'final-ari-by-layer',
      title: 'Final ARI by layer',
      description: `ARI at each trial's last step per condition, split and layer: mean across seeds with its ${level} t-interval, and the mean initial ARI.`,
      columns: [text('condition'), text('split'), integer('layer'), ...INTERVAL_COLUMNS(level), double('initialMean', 'mean ARI at the first step')],
    },
    finals.map((f) => ({ ...f })),
  );
}

export function trialOutcomesTable(outcomes: readonly TrialOutcome[]): Table {
  return tableFromRecords(
    {
      name: 'trial-outcomes',
      title: 'Per-trial outcomes',
      description:
        'One number per trial, split, layer and outcome: initial/final ARI, ARI at 3/4 of training, normalised area under the ARI curve ' +
        '(mean ARI over training), steps to the ARI and accuracy thresholds (censored: never reached, value = last step), final accuracy, ' +
        'and accuracy in and out of the own task\'s cluster.',
      columns: [text('trial'), text('condition'), text('intervention'), integer('seed'), text('outcome'), text('split'), integer('layer'), integer('topLayer'), double('value'), integer('censored', '1: threshold never reached')],
    },
    outcomes.map((o) => ({ ...o, censored: o.censored ? 1 : 0 })),
  );
}

export function clusterAccuracyTable(outcomes: readonly TrialOutcome[], confidenceLevel: number, level: string): Table {
  const records: Record<string, string | number | null>[] = [];
  const relevant = outcomes.filter((o) => o.outcome.startsWith('final-accuracy-') || o.outcome.startsWith('final-in-cluster') || o.outcome === 'final-out-of-cluster-count' || o.outcome === 'final-within-task-gap');
  for (const { key, rows } of groupBy(outcomesAsRows(relevant), ['condition', 'split', 'layer'])) {
    const valuesOf = (outcome: string) => rows.filter((r) => r.outcome === outcome).map((r) => r.value as number);
    const of = (outcome: string) => meanWithInterval(valuesOf(outcome), confidenceLevel);
    const gap = of('final-within-task-gap');
    const inside = of('final-accuracy-in-cluster');
    const outside = of('final-accuracy-out-of-cluster');
    const fraction = of('final-in-cluster-fraction');
    const total = (outcome: string) => {
      const values = valuesOf(outcome).filter((v) => Number.isFinite(v));
      return values.length > 0 ? values.reduce((a, b) => a + b, 0) : null;
    };
    records.push({
      ...key,
      gapN: gap?.n ?? 0,
      gapSeedsUndefined: valuesOf('final-within-task-gap').filter((v) => !Number.isFinite(v)).length,
      gapMean: gap?.mean ?? null,
      gapLow: gap?.low ?? null,
      gapHigh: gap?.high ?? null,
      inMean: inside?.mean ?? null,
      inLow: inside?.low ?? null,
      inHigh: inside?.high ?? null,
      outN: outside?.n ?? 0,
      outMean: outside?.mean ?? null,
      outLow: outside?.low ?? null,
      outHigh: outside?.high ?? null,
      fractionMean: fraction?.mean ?? null,
      inCount: total('final-in-cluster-count'),
      outCount: total('final-out-of-cluster-count'),
    });
  }
  return tableFromRecords(
    {
      name: 'cluster-accuracy',
      title: 'Accuracy in and out of the own task\'s cluster',
      description:
        `Unseen splits, last step, every layer: the within-task gap (per task, accuracy of instances in the task's own cluster, matched one-to-one on training states, minus that of its instances elsewhere, averaged over tasks with both) ` +
        `and the pooled accuracies in and out of cluster, mean across seeds with ${level} t-intervals; counts summed over seeds.`,
      columns: [
        text('condition'),
        text('split'),
        integer('layer'),
        integer('gapN', 'seeds with a defined within-task gap'),
        integer('gapSeedsUndefined', 'seeds whose gap is undefined (no task with instances on both sides)'),
        double('gapMean', 'within-task accuracy gap, mean across seeds'),
        double('gapLow'),
        double('gapHigh'),
        double('inMean'),
        double('inLow'),
        double('inHigh'),
        integer('outN', 'seeds with any instance out of cluster'),
        double('outMean'),
        double('outLow'),
        double('outHigh'),
        double('fractionMean', 'mean fraction of instances in their own cluster'),
        integer('inCount', 'instances in their own cluster, summed over seeds'),
        integer('outCount', 'instances out of their own cluster, summed over seeds'),
      ],
    },
    records,
  );
}

/** One row per test behind a verdict: its hypothesis and threshold, raw and Holm-adjusted p-values, and the outcome. */
export function claimTestsTable(claims: readonly ClaimResult[], alpha: number): Table {
  const records = claims.flatMap((claim) =>
    claim.findings.flatMap((finding) =>
      finding.comparisons.map((c) => ({
        claim: claim.id,
        condition: finding.condition,
        scope: finding.scope,
        verdict: finding.verdict,
        hypothesis: c.hypothesis,
        test: c.test,
        threshold: c.threshold,
        n: c.n,
        estimate: c.estimate,
        pValue: c.pValue,
        holmPValue: c.holmPValue,
        familySize: c.familySize,
        alpha,
        significant: c.significant ? 1 : 0,
      })),
    ),
  );
  return tableFromRecords(
    {
      name: 'claim-tests',
      title: 'Claims C1-C7: the tests behind the verdicts',
      description:
        "Every comparison a verdict rests on: a t-test across seeds of the hypothesis shown (greater: one-sided, mean > threshold; within: two one-sided tests, |mean| < threshold; two-sided: mean ≠ 0), its p-value and Holm-adjusted p-value within its family (a claim's comparisons for one condition), significant when the adjusted p-value is <= alpha.",
      columns: [
        text('claim'),
        text('condition'),
        text('scope'),
        text('verdict', "the finding's verdict"),
        text('hypothesis', 'what a significant test shows'),
        text('test', 'greater, within or two-sided'),
        double('threshold'),
        integer('n', 'seeds (or seed pairs) with a defined value'),
        double('estimate', 'mean across them'),
        double('pValue'),
        double('holmPValue'),
        integer('familySize', 'comparisons in the Holm family'),
        double('alpha'),
        integer('significant', '1: Holm-adjusted p <= alpha'),
      ],
    },
    records,
  );
}

/** Each claim's verdict per condition, over all its comparisons there. */
export function claimVerdictsTable(claims: readonly ClaimResult[]): Table {
  return tableFromRecords(
    {
      name: 'claim-verdicts',
      title: 'Claims C1-C5: verdict per condition',
      description: "A claim's verdict for one condition: supported when all its comparisons are significant after Holm, partly supported when some are, not supported when none is, not assessed when none could be tested.",
      columns: [text('claim'), text('condition'), text('verdict'), integer('comparisons'), integer('tested', 'comparisons with a p-value'), integer('significant')],
    },
    claims.flatMap((claim) => claim.verdicts.map((v) => ({ claim: claim.id, ...v }))),
  );
}

export function claimsTable(claims: readonly ClaimResult[], level: string): Table {
  const records = claims.flatMap((claim) =>
    claim.findings.flatMap((finding) =>
      finding.statistics.map((s) => ({ claim: claim.id, condition: finding.condition, scope: finding.scope, verdict: finding.verdict, ...s })),
    ),
  );
  return tableFromRecords(
    {
      name: 'claims',
      title: 'Claims C1-C7: statistics',
      description: `Every statistic behind the findings: estimate (a mean across seeds, or of seed-paired differences) with its ${level} Student-t and BCa bootstrap intervals.`,
      columns: [text('claim'), text('condition'), text('scope'), text('verdict'), text('statistic'), integer('n'), double('estimate'), double('tLow'), double('tHigh'), double('bootstrapLow'), double('bootstrapHigh')],
    },
    records,
  );
}

export function iqmTable(rows: readonly (OutcomeInterval & { censored: number })[], level: string): Table {
  return tableFromRecords(
    {
      name: 'intervention-iqm',
      title: 'Interquartile mean by condition',
      description: `rliable's IQM of each outcome per condition with its ${level} stratified-bootstrap percentile interval; censored counts runs that never reached a threshold (counted at their last step).`,
      columns: [text('outcome'), text('condition'), integer('n', 'runs over all strata'), double('estimate'), double('low'), double('high'), integer('censored')],
    },
    rows.map((r) => ({ ...r })),
  );
}

export function improvementTable(rows: readonly ImprovementInterval[], level: string): Table {
  return tableFromRecords(
    {
      name: 'probability-of-improvement',
      title: 'Probability of improvement over the baseline',
      description: `rliable's P(X > Y): a run of the condition scores better than a run of its baseline condition (fewer steps is better for steps-to outcomes), averaged over strata, with its ${level} stratified-bootstrap percentile interval.`,
      columns: [text('outcome'), text('condition'), text('baseline'), integer('n'), double('estimate'), double('low'), double('high')],
    },
    rows.map((r) => ({ ...r })),
  );
}

export interface ProjectionRecord {
  figure: string;
  file: string;
  split: string | null;
  layer: number | null;
  step: number | null;
  n: number;
  dim: number;
  explainedPc1: number;
  explainedPc2: number;
}

export function projectionsTable(records: readonly ProjectionRecord[]): Table {
  return tableFromRecords(
    {
      name: 'pca-projections',
      title: 'PCA projections of saved hidden states',
      description: 'Each representations file drawn: its points, dimension, and the share of variance along the first two principal components.',
      columns: [text('figure'), text('file'), text('split'), integer('layer'), integer('step'), integer('n'), integer('dim'), double('explainedPc1'), double('explainedPc2')],
    },
    records.map((r) => ({ ...r })),
  );
}
