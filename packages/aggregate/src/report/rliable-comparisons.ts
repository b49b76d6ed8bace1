// rliable's aggregate comparisons (Agarwal et al., 2021) for claim C6: the IQM of each condition on each outcome
// and the probability that a condition's run beats a baseline run, both with stratified-bootstrap intervals.
// An outcome on one split has one stratum (its seeds); "all splits" pools the splits as strata.
import type { OutcomeInterval } from '../plots/outcome-intervals.js';
import { probabilityOfImprovementInterval, interquartileMeanInterval } from '../stats/stratified-bootstrap.js';
import type { StatisticOptions } from './claims/claim.js';
import { conditionOf } from './conditions.js';
import type { HeadlineOutcome } from './headline-outcomes.js';
import type { SweepData } from './load-sweep.js';
import { pickOutcomes } from './pick-outcomes.js';
import type { TrialOutcome } from './trial-outcomes.js';

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
