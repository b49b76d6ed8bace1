// One number per trial for each outcome the claims and comparisons need (final ARI, steps to a threshold,
// ...): statistics across seeds then work on these, one value per seed.
import type { Row } from '../rows/row.js';
import { areaUnderCurve } from '../stats/area-under-curve.js';
import type { CheckedCurve } from '../stats/curve.js';
import { stepsToThreshold } from '../stats/steps-to-threshold.js';
import { conditionOf } from './conditions.js';
import type { SweepData } from './load-sweep.js';
import { finalValue, initialValue, TrialCurves, valueAtFraction } from './trial-curves.js';

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
  | 'final-in-cluster-fraction';

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

/** Metrics the outcomes are read from. */
export const OUTCOME_METRICS = ['ari', 'accuracy', 'accuracy-in-cluster', 'accuracy-out-of-cluster', 'in-cluster-fraction'];

const CLUSTER_ACCURACY: [string, OutcomeId][] = [
  ['accuracy-in-cluster', 'final-accuracy-in-cluster'],
  ['accuracy-out-of-cluster', 'final-accuracy-out-of-cluster'],
  ['in-cluster-fraction', 'final-in-cluster-fraction'],
];

/** Steps to reach `level`; a curve that never does is censored at its last step. */
function stepsTo(curve: CheckedCurve, level: number): { value: number; censored: boolean } {
  const step = stepsToThreshold(curve, level);
  return step === null ? { value: curve.steps[curve.steps.length - 1], censored: true } : { value: step, censored: false };
}

export function trialOutcomes(sweep: SweepData, curves: TrialCurves, options: OutcomeOptions): TrialOutcome[] {
  const layersOf = new Map<string, Set<number>>();
  for (const row of sweep.rows) {
    if (row.metric !== 'ari' || row.layer === null) continue;
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
        const ari = curves.get(trial.id, 'ari', split, layer);
        if (ari) {
          push('initial-ari', split, layer, initialValue(ari));
          push('final-ari', split, layer, finalValue(ari));
          push('ari-at-three-quarters', split, layer, valueAtFraction(ari, 0.75));
          push('ari-auc', split, layer, ari.steps.length >= 2 ? areaUnderCurve(ari, { normalize: true }) : NaN);
          const reached = stepsTo(ari, options.ariThreshold);
          push('steps-to-ari', split, layer, reached.value, reached.censored);
        }
        for (const [metric, outcome] of CLUSTER_ACCURACY) {
          // At the last step even when undefined there (NaN: no instance landed out of its cluster).
          const last = curves.lastValue(trial.id, metric, split, layer);
          if (last !== undefined) push(outcome, split, layer, last);
        }
      }
      const accuracy = curves.get(trial.id, 'accuracy', split, null);
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
