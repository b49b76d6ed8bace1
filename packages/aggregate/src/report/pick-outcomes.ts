// Selecting per-trial outcomes: one condition, one outcome, one split, at a given layer or each trial's top layer.
import type { OutcomeId, TrialOutcome } from './trial-outcomes.js';

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

/** Per trial present in both maps, a - b, in the order of `a`. */
export function differenceByTrial(a: Map<string, number>, b: Map<string, number>): number[] {
  return [...a].filter(([trial]) => b.has(trial)).map(([trial, value]) => value - b.get(trial)!);
}
