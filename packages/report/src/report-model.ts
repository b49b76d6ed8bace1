// Everything a report shows, computed once, then written as HTML and as Markdown: the sweep's description, the
// claims, the figures and the tables.
import type { Spec as VegaSpec } from 'vega';

import type { ModelMetric } from '@clusterlens/schema';
import { orderSplits, type Cell } from '@clusterlens/stats';

import type { ClaimResult } from './claims/common.js';
import type { VerdictThresholds } from './claims/verdicts.js';
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
  /** The verdicts' α and thresholds, as used. */
  thresholds: VerdictThresholds;
  claims: ClaimResult[];
  figures: ReportFigure[];
  projections: ReportFigure[];
  /** Why there are no projections and how to get them; undefined when there are. */
  projectionsHowTo?: string;
  tables: ReportTable[];
}

/** 'supported (4 of 4 comparisons significant after Holm)' */
export function conditionVerdictText(v: ClaimResult['verdicts'][number]): string {
  const untested = v.comparisons - v.tested;
  return (
    `${v.verdict} (${v.significant} of ${v.comparisons} comparison${v.comparisons === 1 ? '' : 's'} significant after Holm` +
    `${untested > 0 ? `; ${untested} not testable` : ''})`
  );
}

/** One line per finding, prefixed by its claim, then the claim's verdict per condition; a claim the data cannot speak to says why. */
export function findingLines(claims: readonly ClaimResult[]): string[] {
  return claims.flatMap((claim) =>
    claim.findings.length === 0
      ? [`${claim.id}: not assessed: ${claim.notAssessed ?? 'no data'}`]
      : [
          ...claim.findings.map((f) => `${claim.id} [${f.condition}] ${f.text} => ${f.verdict}`),
          ...claim.verdicts.map((v) => `${claim.id} verdict [${v.condition}]: ${conditionVerdictText(v)}`),
        ],
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
  /** How each condition's task suites were drawn, from the trials' configs (data.seed). */
  suites: SuiteDescription[];
  /** The size of each split's evaluation set (metric 'instances'), over finished trials and steps; empty when not recorded. */
  splitSizes: { split: string; min: number; max: number }[];
  /** Cautions a reader needs before the numbers (too few seeds, seeds that are not repeats). */
  warnings: string[];
}

/**
 * - 'per seed': no data.seed, so each trial seed draws its own suite (the default: intervals cover the suite's
 *   randomness too);
 * - 'fixed': one data.seed in every trial of the condition (intervals are about that one suite);
 * - 'varied': data.seed set, with different values across the condition's trials;
 * - 'mixed': set in some trials only.
 */
export interface SuiteDescription {
  condition: string;
  mode: 'per seed' | 'fixed' | 'varied' | 'mixed';
  /** The data.seed values set, sorted. */
  dataSeeds: number[];
}

/** PROTOCOL section 7: every claim "measured over at least 5 seeds, with confidence intervals". */
const MIN_SEEDS = 5;

/** Config fields that differ by seed by design. */
const SEED_PATHS = new Set(['seed']);

/** The task suite's seed (PROTOCOL section 7, revision 2): absent, each trial seed draws its own suite. */
const DATA_SEED = 'data.seed';

/** The size of a split's evaluation set, per step (schema's MODEL_METRICS). */
const INSTANCES = 'instances' satisfies ModelMetric;

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
      // Suites drawn per seed by setting data.seed per trial are a design, described with the suites, not a warning.
      if (values.length > 1 && path !== DATA_SEED && !varyWithinCondition.includes(path)) varyWithinCondition.push(path);
      differences.push({ path, condition, values });
    }
  }

  const steps = [...new Set(sweep.rows.map((r) => r.step))].sort((a, b) => a - b);
  const layers = [...new Set(sweep.rows.map((r) => r.layer).filter((l): l is number => l !== null))].sort((a, b) => a - b);
  const warnings: string[] = [];
  if (sweep.running) {
    warnings.push(
      `the sweep was still running (its status of ${sweep.running.updatedAt}): this report covers the ${sweep.done.length} of ${sweep.trials.length} trials done by then; report again when it has finished.`,
    );
  }
  const few = conditions.filter((c) => c.seeds < MIN_SEEDS);
  if (few.length > 0) {
    warnings.push(
      `PROTOCOL section 7 asks for at least ${MIN_SEEDS} seeds per condition; ` +
        few.map((c) => `${c.condition} has ${c.seeds}`).join(', ') +
        ': their intervals are wide and their tests weak (a claim can fail for want of seeds), and bootstrap intervals from so few seeds understate the uncertainty (shown only; verdicts use t-tests).',
    );
  }
  const blockHooks = [...new Set(sweep.done.map((t) => t.config['probe.hook']).filter((h) => h !== undefined && h !== null && h !== 'resid'))];
  if (blockHooks.length > 0) {
    warnings.push(
      `trials probe block activations (probe.hook ${blockHooks.join(', ')}): their layer numbers are block indices, not residual layers, so the layer claims (C2: deeper layers, layer 0 flat) do not apply to them as written.`,
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
    suites: describeSuites(sweep),
    splitSizes: splitSizes(sweep),
    warnings,
  };
}

function describeSuites(sweep: SweepData): SuiteDescription[] {
  return sweep.conditions.map((condition) => {
    const trials = sweep.done.filter((t) => conditionOf(t) === condition);
    const set = trials.map((t) => t.config[DATA_SEED]).filter((v): v is number | string => v !== undefined && v !== null);
    const dataSeeds = [...new Set(set.map(Number))].sort((a, b) => a - b);
    const mode = set.length === 0 ? 'per seed' : set.length < trials.length ? 'mixed' : dataSeeds.length === 1 ? 'fixed' : 'varied';
    return { condition, mode, dataSeeds };
  });
}

function splitSizes(sweep: SweepData): SweepDescription['splitSizes'] {
  const sizes = new Map<string, { min: number; max: number }>();
  for (const row of sweep.rows) {
    if (row.metric !== INSTANCES || row.layer !== null || !Number.isFinite(row.value)) continue;
    const seen = sizes.get(row.split);
    sizes.set(row.split, seen ? { min: Math.min(seen.min, row.value), max: Math.max(seen.max, row.value) } : { min: row.value, max: row.value });
  }
  return orderSplits(sizes.keys()).map((split) => ({ split, ...sizes.get(split)! }));
}

/** 'Task suites: per seed (data.seed absent: ...)', naming conditions when they differ. */
export function suitesText(d: SweepDescription): string {
  const explain = (s: SuiteDescription) =>
    s.mode === 'per seed'
      ? 'per seed (data.seed absent: each trial seed draws its own suite, so intervals cover the suite\'s randomness too)'
      : s.mode === 'fixed'
        ? `fixed (data.seed = ${s.dataSeeds[0]} in every trial: one suite, intervals cover training randomness only)`
        : s.mode === 'varied'
          ? `one per trial (data.seed set to ${s.dataSeeds.length} different values: ${s.dataSeeds.join(', ')})`
          : `mixed (data.seed set in some trials only: ${s.dataSeeds.join(', ')}; the others draw their own)`;
  const texts = new Set(d.suites.map(explain));
  if (texts.size <= 1) return `Task suites: ${[...texts][0] ?? 'no finished trials'}.`;
  return `Task suites: ${d.suites.map((s) => `${s.condition}: ${explain(s)}`).join('; ')}.`;
}

/** 'Evaluation set sizes (metric instances): train 512, validation 480-512, ...' */
export function splitSizesText(d: SweepDescription): string {
  if (d.splitSizes.length === 0) return "Evaluation set sizes: not recorded (no 'instances' metric: the sweep ran before it was recorded).";
  const each = d.splitSizes.map((s) => `${s.split} ${s.min === s.max ? s.min : `${s.min}-${s.max}`}`);
  return `Evaluation set sizes (instances per split): ${each.join(', ')}.`;
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
