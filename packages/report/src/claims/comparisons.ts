// Conditions compared with each other: claim C6 (each intervention against the baseline, per seed), claim C7
// (cluster-guided against random alignment), and rliable's aggregates behind the C6 figures.
import type { ModelMetric } from '@clusterlens/schema';
import { groupBy, interquartileMeanInterval, probabilityOfImprovementInterval, type Row } from '@clusterlens/stats';

import type { OutcomeInterval } from '../figures/interventions.js';
import { outcomesAsRows, pickOutcomes, type HeadlineOutcome, type OutcomeId, type TrialOutcome } from '../outcomes.js';
import { conditionOf, type SweepData } from '../read/sweep.js';
import {
  decideDirections,
  pairedStatistic,
  percent,
  withBootstrapInterval,
  withTInterval,
  type ClaimResult,
  type DraftFinding,
  type ReportContext,
  type StatisticOptions,
} from './common.js';
import { differsFromZero } from './verdicts.js';

// ------------------------------------------------------------------------------------------------ pairing on config

/** Per-trial outcomes with chosen config fields beside them, so they can be paired on those fields. */
function outcomeRowsWithConfig(sweep: SweepData, outcomes: readonly TrialOutcome[], fields: readonly string[]): Row[] {
  const configOf = new Map(sweep.done.map((t) => [t.id, t.config]));
  return outcomesAsRows(outcomes).map((row) => {
    const config = configOf.get(row.trial as string) ?? {};
    const extra: Row = {};
    for (const field of fields) extra[field] = config[field] ?? null;
    return { ...extra, ...row };
  });
}

// ------------------------------------------------------------------------------------------------ C6

// C6: each pre-training intervention is compared with the baseline with a confidence interval on the paired
// difference; the result may be positive, null or negative. Paired on the seed (and on the swept axes, so an
// intervention is only compared with the baseline at the same axis values). Decided by two-sided t-tests, Holm over
// the outcomes of one intervention against its baseline.

const C6_STATEMENT =
  'Each pre-training intervention is compared with the baseline with a confidence interval on the paired difference (positive, null or negative: reported, not assumed).';

/** Findings of one outcome: every intervention against the baseline at every axis point. */
function compareWithBaseline(context: ReportContext, headline: HeadlineOutcome): DraftFinding[] {
  const { sweep, baseline } = context;
  const picked = pickOutcomes(context.outcomes, headline);
  const rows = outcomeRowsWithConfig(sweep, picked, sweep.axisPaths);
  const findings: DraftFinding[] = [];
  for (const { key, rows: point } of groupBy(rows, sweep.axisPaths)) {
    for (const intervention of sweep.interventions) {
      if (intervention === baseline) continue;
      const paired = pairedStatistic(
        `${headline.label}: ${intervention} - ${baseline}`,
        point,
        { by: 'intervention', treatment: intervention, control: baseline, match: ['seed'] },
        context.statistics,
      );
      const s = paired.statistic;
      if (!s) continue;
      const axes = Object.fromEntries(sweep.axisPaths.map((p) => [p, key[p]]));
      const treated = conditionOf({ intervention, axes: Object.fromEntries(Object.entries(axes).filter(([, v]) => v !== null)) });
      const control = conditionOf({ intervention: baseline, axes: Object.fromEntries(Object.entries(axes).filter(([, v]) => v !== null)) });
      const censored = point.filter((r) => r.censored === 'true' && (r.intervention === intervention || r.intervention === baseline)).length;
      const digits = headline.higherIsBetter ? 3 : 1;
      findings.push({
        condition: `${treated} vs ${control}`,
        scope: headline.label,
        text:
          `${headline.label}: ${treated} - ${control} = ${withTInterval(s, { signed: true, digits })} (${percent(context.statistics.confidenceLevel)} t-interval; ` +
          `BCa bootstrap ${withBootstrapInterval(s, { signed: true, digits })}; n=${s.n} seed pairs` +
          `${censored > 0 ? `, ${censored} run(s) never reached the threshold, counted at their last step` : ''}` +
          `${paired.undefinedPairs > 0 ? `, ${paired.undefinedPairs} undefined pair(s) left out` : ''})`,
        comparisons: [differsFromZero(`${treated} - ${control}`, paired.differences)],
        statistics: [s],
        higherIsBetter: headline.higherIsBetter,
      });
    }
  }
  return findings;
}

export function claimC6(context: ReportContext, headlines: readonly HeadlineOutcome[]): ClaimResult {
  const { alpha } = context.thresholds;
  const drafts = context.sweep.interventions.length > 1 ? headlines.flatMap((h) => compareWithBaseline(context, h)) : [];
  const findings = decideDirections(drafts, alpha);
  return {
    id: 'C6',
    statement: C6_STATEMENT,
    rule:
      `Per seed: the outcome of the intervention minus the baseline's (${context.baseline}), same seed and same axis values. ` +
      `Two-sided t-test of the mean difference against 0, Holm over the outcomes of one intervention against its baseline ` +
      `at α = ${alpha}: significant and above 0: positive; below 0: negative; otherwise null; fewer than 2 seed pairs: not ` +
      `assessed. The BCa bootstrap interval is shown beside the t-interval but does not decide (it undercovers at few seeds). ` +
      'Better or worse follows the outcome (fewer steps to a threshold is better). The rliable figures show ' +
      'the IQM of each condition and the probability of improvement over the baseline.',
    findings,
    verdicts: [],
    notAssessed:
      findings.length === 0
        ? context.sweep.interventions.length > 1
          ? 'no intervention shares seeds with the baseline; give every intervention the same seeds'
          : 'this sweep has a single intervention; add interventions to the sweep spec to compare them with the baseline'
        : undefined,
  };
}

// ------------------------------------------------------------------------------------------------ rliable aggregates

// rliable's aggregate comparisons (Agarwal et al., 2021) for claim C6: the IQM of each condition on each outcome
// and the probability that a condition's run beats a baseline run, both with stratified-bootstrap intervals.
// An outcome on one split has one stratum (its seeds); "all splits" pools the splits as strata.

/** One outcome as strata: one array of per-seed values per split. */
export interface StratifiedOutcome {
  label: string;
  higherIsBetter: boolean;
  parts: HeadlineOutcome[];
}

export interface ImprovementInterval extends OutcomeInterval {
  baseline: string;
}

/** Each headline outcome alone, plus final ARI and final accuracy pooled over splits when there are several. */
export function stratifiedOutcomes(headlines: readonly HeadlineOutcome[]): StratifiedOutcome[] {
  const single = headlines.map((h) => ({ label: h.label, higherIsBetter: h.higherIsBetter, parts: [h] }));
  const pooled: StratifiedOutcome[] = [];
  for (const [outcome, label] of [['final-ari', 'final ARI, top layer (all splits)'], ['final-accuracy', 'final accuracy (all splits)']] as const) {
    const parts = headlines.filter((h) => h.outcome === outcome);
    if (parts.length > 1) pooled.push({ label, higherIsBetter: true, parts });
  }
  return [...pooled, ...single];
}

/** Per stratum, the finite values of one condition; null when a stratum has none (the condition lacks that split). */
function strataOf(outcomes: readonly TrialOutcome[], condition: string, outcome: StratifiedOutcome): { strata: number[][]; censored: number } | null {
  let censored = 0;
  const strata = outcome.parts.map((part) => {
    const picked = pickOutcomes(outcomes, { ...part, condition }).filter((o) => Number.isFinite(o.value));
    censored += picked.filter((o) => o.censored).length;
    return picked.map((o) => o.value);
  });
  return strata.every((s) => s.length > 0) ? { strata, censored } : null;
}

export function interquartileMeans(
  outcomes: readonly TrialOutcome[],
  conditions: readonly string[],
  stratified: readonly StratifiedOutcome[],
  options: StatisticOptions,
): (OutcomeInterval & { censored: number })[] {
  const result: (OutcomeInterval & { censored: number })[] = [];
  for (const outcome of stratified) {
    for (const condition of conditions) {
      const data = strataOf(outcomes, condition, outcome);
      if (!data) continue;
      const interval = interquartileMeanInterval(data.strata, {
        seed: options.seed,
        confidenceLevel: options.confidenceLevel,
        nResamples: options.nResamples,
      });
      const n = data.strata.reduce((total, s) => total + s.length, 0);
      result.push({ outcome: outcome.label, condition, estimate: interval.estimate, low: interval.low, high: interval.high, n, censored: data.censored });
    }
  }
  return result;
}

/** P(condition better than its baseline condition: the baseline intervention at the same axis values). */
export function probabilitiesOfImprovement(
  sweep: SweepData,
  outcomes: readonly TrialOutcome[],
  baseline: string,
  stratified: readonly StratifiedOutcome[],
  options: StatisticOptions,
): ImprovementInterval[] {
  const baselineOf = new Map(sweep.done.map((t) => [conditionOf(t), conditionOf({ intervention: baseline, axes: t.axes })]));
  const result: ImprovementInterval[] = [];
  for (const outcome of stratified) {
    for (const condition of sweep.conditions) {
      const control = baselineOf.get(condition)!;
      if (control === condition) continue;
      const x = strataOf(outcomes, condition, outcome);
      const y = strataOf(outcomes, control, outcome);
      if (!x || !y) continue;
      // P(X better than Y): for lower-is-better outcomes, compare the negated values.
      const sign = outcome.higherIsBetter ? 1 : -1;
      const flip = (strata: number[][]) => strata.map((s) => s.map((v) => sign * v));
      const interval = probabilityOfImprovementInterval(flip(x.strata), flip(y.strata), {
        seed: options.seed,
        confidenceLevel: options.confidenceLevel,
        nResamples: options.nResamples,
      });
      const n = x.strata.reduce((total, s) => total + s.length, 0);
      result.push({ outcome: outcome.label, condition, baseline: control, estimate: interval.estimate, low: interval.low, high: interval.high, n });
    }
  }
  return result;
}

// ------------------------------------------------------------------------------------------------ C7

// C7: cluster-guided alignment is compared with random selection at equal budget, with a bootstrap interval on
// the difference. Trials say which by their config: alignment.selection 'cluster' or 'random'; they are paired
// on the seed and on every other alignment.* setting (method, budget), so budgets are equal by construction.

const C7_STATEMENT = 'Cluster-guided alignment is compared with random selection at equal budget, likewise.';
const SELECTION_FIELD = 'alignment.selection';

/** The loss on training batches, not a measure of the model on a split: left out of C7's outcomes. */
const TRAINING_LOSS = 'train-loss' satisfies ModelMetric;
/** The size of a split's evaluation set: a description of the sweep, not an outcome. */
const INSTANCES = 'instances' satisfies ModelMetric;

/** Whole-model metrics at each trial's last step, per split: accuracy and whatever alignment adds (refusal rate). */
function finalWholeModelOutcomes(context: ReportContext) {
  const finals = new Map<string, { trial: string; metric: string; split: string; step: number; value: number }>();
  for (const row of context.sweep.rows) {
    if (row.layer !== null || row.metric === TRAINING_LOSS || row.metric === INSTANCES) continue;
    const key = JSON.stringify([row.trial, row.metric, row.split]);
    const seen = finals.get(key);
    if (!seen || row.step > seen.step) finals.set(key, { trial: row.trial, metric: row.metric, split: row.split, step: row.step, value: row.value });
  }
  return [...finals.values()];
}

export function claimC7(context: ReportContext): ClaimResult {
  const { sweep } = context;
  const selections = new Set(sweep.done.map((t) => t.config[SELECTION_FIELD]));
  const base: Omit<ClaimResult, 'findings'> = {
    id: 'C7',
    statement: C7_STATEMENT,
    rule:
      `Per seed: the outcome with ${SELECTION_FIELD}: cluster minus the one with random, same seed and same other alignment ` +
      `settings. Positive / negative / null as for C6: two-sided t-test of the mean difference, Holm over the outcomes of ` +
      `one alignment setting at α = ${context.thresholds.alpha}.`,
    verdicts: [],
  };
  if (!selections.has('cluster') || !selections.has('random')) {
    return {
      ...base,
      findings: [],
      notAssessed: `no alignment trials with both ${SELECTION_FIELD}: cluster and random in this sweep; run an alignment sweep with the two selections at the same budget and seeds`,
    };
  }
  const alignmentFields = [...new Set(sweep.done.flatMap((t) => Object.keys(t.config)))].filter((f) => f.startsWith('alignment.') && f !== SELECTION_FIELD).sort();
  // Conditions are named by the alignment settings that differ between alignment trials, not by every setting.
  const aligned = sweep.done.filter((t) => t.config[SELECTION_FIELD] !== undefined);
  const sweptFields = alignmentFields.filter((f) => new Set(aligned.map((t) => JSON.stringify(t.config[f]))).size > 1);
  const trialsById = new Map(sweep.done.map((t) => [t.id, t]));
  const outcomes = finalWholeModelOutcomes(context).map((f) => {
    const trial = trialsById.get(f.trial)!;
    return {
      trial: f.trial,
      condition: '',
      intervention: trial.intervention,
      seed: trial.seed,
      outcome: 'final-accuracy' as OutcomeId,
      split: f.split,
      layer: null,
      topLayer: -1,
      value: f.value,
      censored: false,
      metric: f.metric,
    };
  });
  const rows = outcomeRowsWithConfig(sweep, outcomes, [SELECTION_FIELD, ...alignmentFields]);
  const drafts: DraftFinding[] = [];
  for (const { key, rows: group } of groupBy(rows, ['metric', 'split', ...alignmentFields])) {
    const setting = sweptFields.map((f) => `${f}=${key[f]}`).join(' ');
    const label = `final ${key.metric} (${key.split})`;
    const paired = pairedStatistic(`${label}: cluster - random`, group, { by: SELECTION_FIELD, treatment: 'cluster', control: 'random', match: ['seed'] }, context.statistics);
    const s = paired.statistic;
    if (!s) continue;
    drafts.push({
      condition: `cluster vs random${setting ? ` (${setting})` : ''}`,
      scope: label,
      text:
        `${label}: cluster - random = ${withTInterval(s, { signed: true })} (${percent(context.statistics.confidenceLevel)} t-interval; ` +
        `BCa bootstrap ${withBootstrapInterval(s, { signed: true })}; n=${s.n} seed pairs)`,
      comparisons: [differsFromZero('cluster - random', paired.differences)],
      statistics: [s],
    });
  }
  const findings = decideDirections(drafts, context.thresholds.alpha);
  return { ...base, findings, notAssessed: findings.length === 0 ? 'the cluster and random alignment trials share no seeds' : undefined };
}
