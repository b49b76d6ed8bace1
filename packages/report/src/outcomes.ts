// One number per trial for each outcome the claims and comparisons need (final ARI, steps to a threshold, ...):
// statistics across seeds then work on these, one value per seed. Also the curves they are read from, the mean
// curves and final values across seeds that the figures draw, and the headline outcomes interventions are compared on.
import { CLUSTER_ACCURACY_METRICS, type ClusterAccuracyMetric, type MetricName, type ModelMetric, type ProbeMetric, type SplitName } from '@clusterlens/schema';
import { areaUnderCurve, groupBy, meanTInterval, metricSeries, stepsToThreshold, type Row } from '@clusterlens/stats';

import { conditionOf, type SweepData } from './read/sweep.js';

// ------------------------------------------------------------------------------------------------ names

/** The clustering metric the outcomes, claims and figures are about (PROTOCOL section 3). */
export const ARI = 'ari' satisfies ProbeMetric;
/** Output accuracy of the whole model on a split. */
const ACCURACY = 'accuracy' satisfies ModelMetric;

/**
 * The training split and the validation split (new instruction samples of the trained distributions, never trained:
 * PROTOCOL section 4); C1 and C2 are stated on both, C3 compares them.
 */
export const TRAIN_AND_VALIDATION = ['train', 'validation'] as const satisfies readonly SplitName[];
const [TRAIN_SPLIT] = TRAIN_AND_VALIDATION;

/** Metrics the outcomes are read from. */
export const OUTCOME_METRICS: readonly MetricName[] = [ARI, ACCURACY, ...CLUSTER_ACCURACY_METRICS];

const CLUSTER_ACCURACY: Record<ClusterAccuracyMetric, OutcomeId> = {
  'accuracy-in-cluster': 'final-accuracy-in-cluster',
  'accuracy-out-of-cluster': 'final-accuracy-out-of-cluster',
  'in-cluster-fraction': 'final-in-cluster-fraction',
  'in-cluster-count': 'final-in-cluster-count',
  'out-of-cluster-count': 'final-out-of-cluster-count',
  'within-task-accuracy-gap': 'final-within-task-gap',
};

export type OutcomeId =
  | 'initial-ari'
  | 'final-ari'
  | 'ari-at-three-quarters'
  | 'ari-auc'
  | 'steps-to-ari'
  | 'final-accuracy'
  | 'steps-to-accuracy'
  | 'final-accuracy-in-cluster'
  | 'final-accuracy-out-of-cluster'
  | 'final-in-cluster-fraction'
  | 'final-in-cluster-count'
  | 'final-out-of-cluster-count'
  | 'final-within-task-gap';

export interface TrialOutcome {
  trial: string;
  condition: string;
  intervention: string;
  seed: number | null;
  outcome: OutcomeId;
  split: string;
  /** null for whole-model outcomes (accuracy). */
  layer: number | null;
  /** The trial's deepest probed layer. */
  topLayer: number;
  /** NaN when undefined (no instance out of cluster, say). */
  value: number;
  /** A steps-to outcome never reached: value is the trial's last step, a lower bound. */
  censored: boolean;
}

export interface OutcomeOptions {
  /** ARI level for 'steps-to-ari'. */
  ariThreshold: number;
  /** Accuracy level for 'steps-to-accuracy' (PROTOCOL section 6: 95% output accuracy). */
  accuracyThreshold: number;
}

/** Steps to reach `level`; a curve that never does is censored at its last step. */
function stepsTo(curve: TrialCurve, level: number): { value: number; censored: boolean } {
  const step = stepsToThreshold(curve, level);
  return step === null ? { value: curve.steps[curve.steps.length - 1], censored: true } : { value: step, censored: false };
}

export function trialOutcomes(sweep: SweepData, curves: TrialCurves, options: OutcomeOptions): TrialOutcome[] {
  const layersOf = new Map<string, Set<number>>();
  for (const row of sweep.rows) {
    if (row.metric !== ARI || row.layer === null) continue;
    if (!layersOf.has(row.trial)) layersOf.set(row.trial, new Set());
    layersOf.get(row.trial)!.add(row.layer);
  }
  const outcomes: TrialOutcome[] = [];
  for (const trial of sweep.done) {
    const layers = [...(layersOf.get(trial.id) ?? [])].sort((a, b) => a - b);
    const topLayer = layers.length > 0 ? layers[layers.length - 1] : -1;
    const base = { trial: trial.id, condition: conditionOf(trial), intervention: trial.intervention, seed: trial.seed, topLayer };
    const push = (outcome: OutcomeId, split: string, layer: number | null, value: number, censored = false) =>
      outcomes.push({ ...base, outcome, split, layer, value, censored });
    for (const split of sweep.splits) {
      for (const layer of layers) {
        const ari = curves.get(trial.id, ARI, split, layer);
        if (ari) {
          push('initial-ari', split, layer, initialValue(ari));
          push('final-ari', split, layer, finalValue(ari));
          push('ari-at-three-quarters', split, layer, valueAtFraction(ari, 0.75));
          push('ari-auc', split, layer, ari.steps.length >= 2 ? areaUnderCurve(ari, { normalize: true }) : NaN);
          const reached = stepsTo(ari, options.ariThreshold);
          push('steps-to-ari', split, layer, reached.value, reached.censored);
        }
        for (const [metric, outcome] of Object.entries(CLUSTER_ACCURACY) as [ClusterAccuracyMetric, OutcomeId][]) {
          // At the last step even when undefined there (NaN: no instance landed out of its cluster).
          const last = curves.lastValue(trial.id, metric, split, layer);
          if (last !== undefined) push(outcome, split, layer, last);
        }
      }
      const accuracy = curves.get(trial.id, ACCURACY, split, null);
      if (accuracy) {
        push('final-accuracy', split, null, finalValue(accuracy));
        const reached = stepsTo(accuracy, options.accuracyThreshold);
        push('steps-to-accuracy', split, null, reached.value, reached.censored);
      }
    }
  }
  return outcomes;
}

/** Outcomes as plain rows for the row-based analyses (pairedDifferences, groupBy); censored as 'true'/'false'. */
export function outcomesAsRows(outcomes: readonly TrialOutcome[]): Row[] {
  return outcomes.map((o) => ({ ...o, censored: o.censored ? 'true' : 'false' }));
}

// ------------------------------------------------------------------------------------------------ trial curves

// Each trial's curves (one metric of one split and layer over steps), looked up by name. Points whose value is
// NaN (a metric undefined at that step) are left out, as the NaN policy 'omit' does.

/** One trial's curve: finite values at increasing steps. */
export interface TrialCurve {
  steps: Float64Array;
  values: Float64Array;
}

export class TrialCurves {
  readonly #curves = new Map<string, TrialCurve>();
  readonly #lastValues = new Map<string, number>();

  constructor(rows: readonly Row[], metrics: readonly MetricName[]) {
    const wanted = new Set<string>(metrics);
    const selected = rows.filter((row) => wanted.has(row.metric as string));
    for (const series of metricSeries(selected, { keys: ['trial', 'metric', 'split', 'layer'] })) {
      const steps: number[] = [];
      const values: number[] = [];
      series.values.forEach((value, i) => {
        if (Number.isNaN(value)) return;
        steps.push(series.steps[i]);
        values.push(value);
      });
      const { trial, metric, split, layer } = series.key;
      const key = TrialCurves.#key(trial as string, metric as string, split as string, layer as number | null);
      this.#lastValues.set(key, series.values[series.values.length - 1]);
      if (steps.length === 0) continue;
      this.#curves.set(key, { steps: Float64Array.from(steps), values: Float64Array.from(values) });
    }
  }

  static #key(trial: string, metric: string, split: string, layer: number | null): string {
    return JSON.stringify([trial, metric, split, layer]);
  }

  /** The curve without its NaN points; undefined when nothing was measured. */
  get(trial: string, metric: MetricName, split: string, layer: number | null): TrialCurve | undefined {
    return this.#curves.get(TrialCurves.#key(trial, metric, split, layer));
  }

  /**
   * The value at the last measured step, NaN included: an outcome "at the end of training" must not fall back to
   * an earlier step when the metric is undefined at the last one.
   */
  lastValue(trial: string, metric: MetricName, split: string, layer: number | null): number | undefined {
    return this.#lastValues.get(TrialCurves.#key(trial, metric, split, layer));
  }
}

/** The value at the curve's last step. */
function finalValue(curve: TrialCurve): number {
  return curve.values[curve.values.length - 1];
}

/** The value at the curve's first step. */
function initialValue(curve: TrialCurve): number {
  return curve.values[0];
}

/**
 * The value at the last measured step no later than `fraction` of the way from the first step to the last:
 * with 0.75, where the curve stood when three quarters of training were done.
 */
function valueAtFraction(curve: TrialCurve, fraction: number): number {
  const { steps, values } = curve;
  const at = steps[0] + fraction * (steps[steps.length - 1] - steps[0]);
  let i = 0;
  while (i + 1 < steps.length && steps[i + 1] <= at) i++;
  return values[i];
}

// ------------------------------------------------------------------------------------------------ across seeds

// Mean curves and final values across seeds, per condition: the data of the main figures and their tables.

export interface MeanWithInterval {
  n: number;
  mean: number;
  sd: number | null;
  /** Student-t interval of the mean; null with fewer than 2 seeds. */
  low: number | null;
  high: number | null;
}

/** Mean and t interval of finite values (NaN left out); null when there are none. */
export function meanWithInterval(values: readonly number[], confidenceLevel: number): MeanWithInterval | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  if (finite.length === 1) return { n: 1, mean: finite[0], sd: null, low: null, high: null };
  const t = meanTInterval(finite, { confidenceLevel });
  return { n: t.n, mean: t.mean, sd: t.sd, low: t.low, high: t.high };
}

export interface CurveSummary extends MeanWithInterval {
  condition: string;
  split: string;
  layer: number;
  step: number;
}

/** Per (condition, split, layer, step): the metric across the condition's seeds. */
export function meanCurves(rows: readonly Row[], metric: MetricName, confidenceLevel: number): CurveSummary[] {
  const selected = rows.filter((row) => row.metric === metric && row.layer !== null);
  const summaries: CurveSummary[] = [];
  for (const { key, rows: group } of groupBy(selected, ['condition', 'split', 'layer', 'step'])) {
    const summary = meanWithInterval(group.map((row) => row.value as number), confidenceLevel);
    if (!summary) continue;
    summaries.push({
      condition: key.condition as string,
      split: key.split as string,
      layer: key.layer as number,
      step: key.step as number,
      ...summary,
    });
  }
  return summaries;
}

export interface LayerFinal extends MeanWithInterval {
  condition: string;
  split: string;
  layer: number;
  /** Mean of the first measured value across the same seeds. */
  initialMean: number | null;
}

/** Per (condition, split, layer): the final ARI across seeds, with the initial value beside it. */
export function finalByLayer(outcomes: readonly TrialOutcome[], confidenceLevel: number): LayerFinal[] {
  const relevant = outcomes.filter((o) => o.outcome === 'final-ari' || o.outcome === 'initial-ari');
  const result: LayerFinal[] = [];
  for (const { key, rows: group } of groupBy(outcomesAsRows(relevant), ['condition', 'split', 'layer'])) {
    const finals = group.filter((o) => o.outcome === 'final-ari').map((o) => o.value as number);
    const initials = group.filter((o) => o.outcome === 'initial-ari').map((o) => o.value as number);
    const summary = meanWithInterval(finals, confidenceLevel);
    if (!summary) continue;
    result.push({
      condition: key.condition as string,
      split: key.split as string,
      layer: key.layer as number,
      ...summary,
      initialMean: meanWithInterval(initials, confidenceLevel)?.mean ?? null,
    });
  }
  return result;
}

// ------------------------------------------------------------------------------------------------ picking outcomes

// Selecting per-trial outcomes: one condition, one outcome, one split, at a given layer or each trial's top layer.

export interface OutcomeWhere {
  condition?: string;
  outcome: OutcomeId;
  split: string;
  /** A layer, null for whole-model outcomes, or 'top' for each trial's deepest layer. */
  layer: number | null | 'top';
}

export function pickOutcomes(outcomes: readonly TrialOutcome[], where: OutcomeWhere): TrialOutcome[] {
  return outcomes.filter(
    (o) =>
      (where.condition === undefined || o.condition === where.condition) &&
      o.outcome === where.outcome &&
      o.split === where.split &&
      (where.layer === 'top' ? o.layer === o.topLayer : o.layer === where.layer),
  );
}

/** trial id -> value of the picked outcome. */
export function valuesByTrial(outcomes: readonly TrialOutcome[], where: OutcomeWhere): Map<string, number> {
  return new Map(pickOutcomes(outcomes, where).map((o) => [o.trial, o.value]));
}

/** Per trial present in both maps, a - b, keyed by trial, in the order of `a`. */
export function differencesByTrial(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  return new Map([...a].filter(([trial]) => b.has(trial)).map(([trial, value]) => [trial, value - b.get(trial)!]));
}

/** Per trial present in both maps, a - b, in the order of `a`. */
export function differenceByTrial(a: Map<string, number>, b: Map<string, number>): number[] {
  return [...differencesByTrial(a, b).values()];
}

// ------------------------------------------------------------------------------------------------ headline outcomes

// The outcomes interventions are compared on (PROTOCOL section 6: ARI trajectory, steps to 95% output accuracy,
// final accuracy on each split), one number per trial each.

export interface HeadlineOutcome {
  /** Display name, e.g. 'final ARI, top layer (train)'. */
  label: string;
  outcome: OutcomeId;
  split: string;
  layer: 'top' | null;
  /** Steps to a threshold are better when fewer. */
  higherIsBetter: boolean;
}

export function headlineOutcomes(outcomes: readonly TrialOutcome[], splits: readonly string[], threshold: number, accuracyThreshold: number): HeadlineOutcome[] {
  const candidates: HeadlineOutcome[] = [
    ...splits.map((split) => ({ label: `final ARI, top layer (${split})`, outcome: 'final-ari' as const, split, layer: 'top' as const, higherIsBetter: true })),
    ...splits.map((split) => ({ label: `final accuracy (${split})`, outcome: 'final-accuracy' as const, split, layer: null, higherIsBetter: true })),
    ...TRAIN_AND_VALIDATION.map((split) => ({
      label: `steps to ARI ≥ ${threshold}, top layer (${split})`,
      outcome: 'steps-to-ari' as const,
      split,
      layer: 'top' as const,
      higherIsBetter: false,
    })),
    {
      label: `steps to ${Math.round(accuracyThreshold * 100)}% accuracy (${TRAIN_SPLIT})`,
      outcome: 'steps-to-accuracy',
      split: TRAIN_SPLIT,
      layer: null,
      higherIsBetter: false,
    },
    { label: `mean ARI over training, top layer (${TRAIN_SPLIT})`, outcome: 'ari-auc', split: TRAIN_SPLIT, layer: 'top', higherIsBetter: true },
  ];
  return candidates.filter((h) => pickOutcomes(outcomes, h).some((o) => Number.isFinite(o.value)));
}
