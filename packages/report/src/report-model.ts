// Everything a report shows, computed once, then written as HTML and as Markdown: the sweep's description, the
// claims, the figures and the tables.
import type { Spec as VegaSpec } from 'vega';

import type { Cell } from '@clusterlens/stats';

import type { ClaimResult } from './claims/common.js';
import type { Figure } from './figures/render.js';
import { conditionOf, type SweepData } from './read/sweep.js';
import type { Table } from './tables.js';

// ------------------------------------------------------------------------------------------------ the model

export interface ReportFigure {
  figure: Figure;
  /** Compiled Vega spec, embedded in report.html. */
  vega: VegaSpec;
  /** Paths relative to the report folder. */
  svg: string;
  png: string;
}

export interface ReportTable {
  table: Table;
  csv: string;
  parquet: string;
}

export interface ReportModel {
  sweepName: string;
  description: SweepDescription;
  summaryLine: string;
  baseline: string;
  seed: number;
  threshold: number;
  confidenceLevel: number;
  claims: ClaimResult[];
  figures: ReportFigure[];
  projections: ReportFigure[];
  /** Why there are no projections and how to get them; undefined when there are. */
  projectionsHowTo?: string;
  tables: ReportTable[];
}

/** One line per finding, prefixed by its claim; a claim the data cannot speak to says why. */
export function findingLines(claims: readonly ClaimResult[]): string[] {
  return claims.flatMap((claim) =>
    claim.findings.length === 0
      ? [`${claim.id}: not assessed: ${claim.notAssessed ?? 'no data'}`]
      : claim.findings.map((f) => `${claim.id} [${f.condition}] ${f.text} => ${f.verdict}`),
  );
}

// ------------------------------------------------------------------------------------------------ the sweep

// A short description of a sweep: what ran, with which code, how many seeds, and how the conditions' configs differ.

interface ConfigDifference {
  path: string;
  condition: string;
  /** The values this condition's finished trials have, as text, sorted. */
  values: string[];
}

export interface SweepDescription {
  trials: number;
  byStatus: Record<string, number>;
  done: number;
  seeds: number[];
  interventions: string[];
  conditions: { condition: string; intervention: string; trials: number; seeds: number }[];
  splits: string[];
  layers: number[];
  steps: { first: number; last: number; count: number };
  metrics: string[];
  /** Config paths (seed excluded) whose value is not the same in every finished trial. */
  differences: ConfigDifference[];
  /** Paths that differ between seeds of one condition besides the seed itself (a warning: seeds should be repeats). */
  varyWithinCondition: string[];
  failed: { label: string; error: string }[];
  /**
   * The versions of the code that ran the trials (the store's code_version), each with its number of trials, in the
   * order the sweep added them; null for trials without one (every trial, in stores written before it was recorded).
   */
  codeVersions: { version: string | null; trials: number }[];
  /** Cautions a reader needs before the numbers (too few seeds, seeds that are not repeats). */
  warnings: string[];
}

/** PROTOCOL section 7: every claim "measured over at least 5 seeds, with confidence intervals". */
const MIN_SEEDS = 5;

/** Config fields that differ by seed by design. */
const SEED_PATHS = new Set(['seed']);

function text(cell: Cell | undefined): string {
  return cell === undefined ? '(absent)' : cell === null ? 'null' : String(cell);
}

export function describeSweep(sweep: SweepData): SweepDescription {
  const byStatus: Record<string, number> = {};
  for (const t of sweep.trials) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
  const conditions = sweep.conditions.map((condition) => {
    const trials = sweep.done.filter((t) => conditionOf(t) === condition);
    return { condition, intervention: trials[0].intervention, trials: trials.length, seeds: new Set(trials.map((t) => t.seed)).size };
  });

  const paths = [...new Set(sweep.done.flatMap((t) => Object.keys(t.config)))].filter((p) => !SEED_PATHS.has(p)).sort();
  const differences: ConfigDifference[] = [];
  const varyWithinCondition: string[] = [];
  for (const path of paths) {
    const all = new Set(sweep.done.map((t) => text(t.config[path])));
    if (all.size < 2) continue;
    for (const { condition } of conditions) {
      const values = [...new Set(sweep.done.filter((t) => conditionOf(t) === condition).map((t) => text(t.config[path])))].sort();
      if (values.length > 1 && !varyWithinCondition.includes(path)) varyWithinCondition.push(path);
      differences.push({ path, condition, values });
    }
  }

  const steps = [...new Set(sweep.rows.map((r) => r.step))].sort((a, b) => a - b);
  const layers = [...new Set(sweep.rows.map((r) => r.layer).filter((l): l is number => l !== null))].sort((a, b) => a - b);
  const warnings: string[] = [];
  const few = conditions.filter((c) => c.seeds < MIN_SEEDS);
  if (few.length > 0) {
    warnings.push(
      `PROTOCOL section 7 asks for at least ${MIN_SEEDS} seeds per condition; ` +
        few.map((c) => `${c.condition} has ${c.seeds}`).join(', ') +
        ': their intervals are wide, and bootstrap intervals from so few seeds understate the uncertainty (read verdicts with care).',
    );
  }
  if (varyWithinCondition.length > 0) {
    warnings.push(`config paths differ between seeds of one condition (${varyWithinCondition.join(', ')}): seeds should be repeats of one configuration.`);
  }
  return {
    trials: sweep.trials.length,
    byStatus,
    done: sweep.done.length,
    seeds: sweep.seeds,
    interventions: sweep.interventions,
    conditions,
    splits: sweep.splits,
    layers,
    steps: { first: steps[0], last: steps[steps.length - 1], count: steps.length },
    metrics: [...new Set(sweep.rows.map((r) => r.metric))].sort(),
    differences,
    varyWithinCondition,
    failed: sweep.trials.filter((t) => t.status === 'failed').map((t) => ({ label: t.label, error: (t.error ?? '').split('\n')[0] })),
    codeVersions: codeVersions(sweep),
    warnings,
  };
}

function codeVersions(sweep: SweepData): SweepDescription['codeVersions'] {
  const counts = new Map<string | null, number>();
  for (const t of sweep.trials) counts.set(t.codeVersion, (counts.get(t.codeVersion) ?? 0) + 1);
  return [...counts].map(([version, trials]) => ({ version, trials }));
}

/** '; code version: 3f2a9c1d0b7e4a55', or each version with its trials when they differ; '' when none is recorded. */
function codeVersionText(d: SweepDescription): string {
  if (!d.codeVersions.some((v) => v.version !== null)) return '';
  if (d.codeVersions.length === 1) return `; code version: ${d.codeVersions[0].version}`;
  const each = d.codeVersions.map((v) => `${v.version ?? 'not recorded'} (${v.trials} trial${v.trials === 1 ? '' : 's'})`);
  return `; code versions: ${each.join(', ')}`;
}

/** One paragraph: 'N trials (n done, ...) of k interventions x s seeds; ...; code version: ...'. */
export function sweepSummaryLine(d: SweepDescription): string {
  const statuses = Object.entries(d.byStatus).map(([status, n]) => `${n} ${status}`).join(', ');
  const layers = d.layers.length ? `layers ${d.layers[0]}-${d.layers[d.layers.length - 1]}` : 'no layers';
  return (
    `${d.trials} trials (${statuses}); ${d.interventions.length} intervention(s) (${d.interventions.join(', ')}), ` +
    `${d.conditions.length} condition(s), seeds ${d.seeds.join(', ') || 'unknown'}; splits ${d.splits.join(', ')}; ${layers}; ` +
    `${d.steps.count} evaluation steps from ${d.steps.first} to ${d.steps.last}${codeVersionText(d)}.`
  );
}
