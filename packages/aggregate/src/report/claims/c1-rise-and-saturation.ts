// C1: ARI at the probe position rises over training and saturates, on training and validation splits.
// Measured at each trial's top layer: the rise (final - initial) and the change over the last quarter of
// training, both across seeds, with the saturation step from clusterDynamicsAcrossSeeds.
import { clusterDynamicsAcrossSeeds } from '../../analyses/cluster-dynamics-across-seeds.js';
import type { Summary } from '../../stats/summarize.js';
import { differenceByTrial, valuesByTrial } from '../pick-outcomes.js';
import { statisticFromSummary, statisticOf, withTInterval, type ClaimResult, type Finding, type StatisticRow } from './claim.js';
import { seenSplits, type ReportContext } from './report-context.js';
import { combineVerdicts, SATURATION_SHARE } from './verdict-rules.js';

export const C1_STATEMENT = 'ARI at the probe position rises over training and saturates, on training and validation splits.';

function fromSummary(name: string, reached: number, summary: Summary | null): StatisticRow | null {
  return summary ? statisticFromSummary(`${name} (reached by ${reached})`, summary) : null;
}

/** Rise and saturation of the top layer's ARI for one condition on one split; null without data. */
export function riseAndSaturation(context: ReportContext, condition: string, split: string): Finding | null {
  const where = { condition, split, layer: 'top' as const };
  const initial = valuesByTrial(context.outcomes, { ...where, outcome: 'initial-ari' });
  const final = valuesByTrial(context.outcomes, { ...where, outcome: 'final-ari' });
  const threeQuarters = valuesByTrial(context.outcomes, { ...where, outcome: 'ari-at-three-quarters' });
  if (final.size === 0) return null;
  const o = context.statistics;
  const initialStat = statisticOf('initial ARI (top layer)', [...initial.values()], o)!;
  const finalStat = statisticOf('final ARI (top layer)', [...final.values()], o)!;
  const rise = statisticOf('rise: final - initial ARI', differenceByTrial(final, initial), o)!;
  const late = statisticOf('last-quarter change: final - ARI at 3/4 of training', differenceByTrial(final, threeQuarters), o)!;

  const topLayers = [...new Set(context.outcomes.filter((x) => x.condition === condition).map((x) => x.topLayer))];
  const statistics = [initialStat, finalStat, rise, late];
  let saturationText = '';
  if (topLayers.length === 1) {
    const rows = context.sweep.rows.filter(
      (r) => r.condition === condition && r.split === split && r.layer === topLayers[0] && r.metric === 'ari',
    );
    const [group] = clusterDynamicsAcrossSeeds(rows, {
      by: ['split'],
      seedField: 'trial',
      emergenceThreshold: context.threshold,
      seed: o.seed,
      confidenceLevel: o.confidenceLevel,
      nResamples: o.nResamples,
      nanPolicy: 'omit',
    });
    const { saturationStep, emergenceStep, seeds } = group.summary;
    const saturation = fromSummary('saturation step: first at 95% of final', saturationStep.reached, saturationStep.summary);
    const emergence = fromSummary(`emergence step: first at ARI >= ${context.threshold}`, emergenceStep.reached, emergenceStep.summary);
    for (const s of [saturation, emergence]) if (s) statistics.push(s);
    if (saturation) saturationText = `; 95% of final by step ${withTInterval(saturation, { digits: 1 })}`;
    saturationText += `; ARI >= ${context.threshold} reached by ${emergenceStep.reached}/${seeds} seeds`;
  }

  const enoughSeeds = rise.tLow !== null;
  const rises = enoughSeeds && rise.tLow! > 0;
  const saturates = enoughSeeds && rise.estimate > 0 && late.tHigh! < SATURATION_SHARE * rise.estimate;
  const verdict = enoughSeeds ? combineVerdicts([rises, saturates]) : 'not enough seeds';
  const what = rises ? (saturates ? 'rises and saturates' : 'rises, not saturated') : 'does not rise';
  return {
    condition,
    scope: split,
    text:
      `${split}: top-layer ARI goes from ${withTInterval(initialStat)} to ${withTInterval(finalStat)} ` +
      `(rise ${withTInterval(rise, { signed: true })}, n=${rise.n}); last-quarter change ${withTInterval(late, { signed: true })}${saturationText}: ${enoughSeeds ? what : 'fewer than 2 seeds'}`,
    verdict,
    statistics,
  };
}

export function claimC1(context: ReportContext, conditions: readonly string[] = context.conditions): ClaimResult {
  const splits = seenSplits(context);
  const findings = conditions.flatMap((condition) => splits.map((split) => riseAndSaturation(context, condition, split))).filter((f): f is Finding => f !== null);
  return {
    id: 'C1',
    statement: C1_STATEMENT,
    rule:
      `Per seed at the top layer: rise = final - initial ARI; last-quarter change = final - ARI at 3/4 of training. ` +
      `Rises: the ${Math.round(context.statistics.confidenceLevel * 100)}% t-interval of the rise lies above 0. Saturates: the interval's upper ` +
      `end of the last-quarter change is below ${SATURATION_SHARE * 100}% of the mean rise. Both: supported; one: partly.`,
    findings,
    notAssessed: findings.length === 0 ? 'no ARI on the train or validation split; add them to evaluation.splits' : undefined,
  };
}
