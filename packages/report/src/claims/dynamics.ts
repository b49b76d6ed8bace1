// How clustering develops over training and depth: claims C1 (ARI rises and saturates), C2 (it increases with depth,
// layer 0 stays flat) and C5 (the realistic suite shows both).
import { clusterDynamicsAcrossSeeds, groupBy, type Summary } from '@clusterlens/stats';

import { ARI, differenceByTrial, outcomesAsRows, valuesByTrial } from '../outcomes.js';
import { conditionOf } from '../read/sweep.js';
import {
  combineVerdicts,
  FLAT_LAYER_TOLERANCE,
  num,
  SATURATION_SHARE,
  seenSplits,
  statisticFromSummary,
  statisticOf,
  withTInterval,
  type ClaimResult,
  type Finding,
  type ReportContext,
  type StatisticRow,
} from './common.js';

// ------------------------------------------------------------------------------------------------ C1

// C1: ARI at the probe position rises over training and saturates, on training and validation splits.
// Measured at each trial's top layer: the rise (final - initial) and the change over the last quarter of
// training, both across seeds, with the saturation step from clusterDynamicsAcrossSeeds.

const C1_STATEMENT = 'ARI at the probe position rises over training and saturates, on training and validation splits.';

function fromSummary(name: string, reached: number, summary: Summary | null): StatisticRow | null {
  return summary ? statisticFromSummary(`${name} (reached by ${reached})`, summary) : null;
}

/** Rise and saturation of the top layer's ARI for one condition on one split; null without data. */
function riseAndSaturation(context: ReportContext, condition: string, split: string): Finding | null {
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
      (r) => r.condition === condition && r.split === split && r.layer === topLayers[0] && r.metric === ARI,
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

// ------------------------------------------------------------------------------------------------ C2

// C2: final ARI increases with depth; layer 0 stays near its initial value. Measured per seed as the
// least-squares slope of final ARI on layer index, and layer 0's change from its first to its last value.

const C2_STATEMENT = 'Final ARI increases with depth; layer 0 stays near its initial value.';

/** Least-squares slope of y on x; NaN with fewer than 2 distinct x. */
function leastSquaresSlope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

function depthProfile(context: ReportContext, condition: string, split: string): Finding | null {
  const finals = context.outcomes.filter((o) => o.condition === condition && o.split === split && o.outcome === 'final-ari');
  if (finals.length === 0) return null;
  const o = context.statistics;
  const statistics: StatisticRow[] = [];
  const byLayer = groupBy(outcomesAsRows(finals), ['layer']);
  const layerMeans: string[] = [];
  for (const { key, rows } of byLayer) {
    const s = statisticOf(`final ARI, layer ${key.layer}`, rows.map((r) => r.value as number), o);
    if (s) {
      statistics.push(s);
      layerMeans.push(num(s.estimate, 2));
    }
  }
  const slopes = groupBy(outcomesAsRows(finals), ['trial']).map(({ rows }) =>
    leastSquaresSlope(rows.map((r) => r.layer as number), rows.map((r) => r.value as number)),
  );
  const slope = statisticOf('depth slope: final ARI per layer (least squares, per seed)', slopes, o);
  if (slope) statistics.push(slope);
  const where = { condition, split, layer: 0 };
  const layer0Change = statisticOf(
    'layer 0 change: final - initial ARI',
    differenceByTrial(valuesByTrial(context.outcomes, { ...where, outcome: 'final-ari' }), valuesByTrial(context.outcomes, { ...where, outcome: 'initial-ari' })),
    o,
  );
  if (layer0Change) statistics.push(layer0Change);

  const layers = byLayer.map((g) => g.key.layer as number);
  const parts: boolean[] = [];
  const words: string[] = [];
  let enoughSeeds = true;
  if (slope && slope.tLow !== null) {
    parts.push(slope.tLow > 0);
    words.push(slope.tLow > 0 ? 'increases with depth' : 'no increase with depth shown');
  } else enoughSeeds = false;
  if (layer0Change && layer0Change.tLow !== null) {
    const flat = layer0Change.tLow > -FLAT_LAYER_TOLERANCE && layer0Change.tHigh! < FLAT_LAYER_TOLERANCE;
    parts.push(flat);
    words.push(flat ? 'layer 0 flat' : 'layer 0 moves');
  } else if (layer0Change) enoughSeeds = false;
  const verdict = enoughSeeds && parts.length > 0 ? combineVerdicts(parts) : 'not enough seeds';
  return {
    condition,
    scope: split,
    text:
      `${split}: final ARI by layer ${layers[0]}..${layers[layers.length - 1]}: ${layerMeans.join(', ')}; ` +
      `slope ${slope ? withTInterval(slope, { signed: true }) : 'n/a'} per layer` +
      (layer0Change ? `; layer 0 change ${withTInterval(layer0Change, { signed: true })}` : '; layer 0 not probed') +
      `: ${words.join(', ') || 'fewer than 2 seeds'}`,
    verdict,
    statistics,
  };
}

export function claimC2(context: ReportContext, conditions: readonly string[] = context.conditions): ClaimResult {
  const splits = seenSplits(context);
  const findings = conditions.flatMap((c) => splits.map((s) => depthProfile(context, c, s))).filter((f): f is Finding => f !== null);
  const level = Math.round(context.statistics.confidenceLevel * 100);
  return {
    id: 'C2',
    statement: C2_STATEMENT,
    rule:
      `Per seed: the least-squares slope of final ARI on the layer index, and layer 0's final - initial ARI. ` +
      `Increases with depth: the slope's ${level}% t-interval lies above 0. Layer 0 stays near its initial value: the ` +
      `interval of its change lies within ±${FLAT_LAYER_TOLERANCE}. Both: supported; one: partly.`,
    findings,
    notAssessed: findings.length === 0 ? 'no ARI on the train or validation split; add them to evaluation.splits' : undefined,
  };
}

// ------------------------------------------------------------------------------------------------ C5

// C5: the realistic (natural-language) suite shows C1-C2. The trials whose config says data.kind: natural are
// read with the C1 and C2 measurements.

const C5_STATEMENT = 'The realistic suite shows C1-C2.';

export function naturalConditions(context: ReportContext): string[] {
  const natural = new Set(context.sweep.done.filter((t) => t.config['data.kind'] === 'natural').map(conditionOf));
  return context.conditions.filter((c) => natural.has(c));
}

export function claimC5(context: ReportContext): ClaimResult {
  const conditions = naturalConditions(context);
  const splits = seenSplits(context);
  const findings: Finding[] = [];
  for (const condition of conditions) {
    for (const split of splits) {
      const c1 = riseAndSaturation(context, condition, split);
      if (c1) findings.push({ ...c1, scope: `C1, ${c1.scope}` });
      const c2 = depthProfile(context, condition, split);
      if (c2) findings.push({ ...c2, scope: `C2, ${c2.scope}` });
    }
  }
  return {
    id: 'C5',
    statement: C5_STATEMENT,
    rule: 'The C1 and C2 measurements and rules, on the trials with data.kind: natural.',
    findings,
    notAssessed:
      findings.length === 0
        ? 'no finished trials with data.kind: natural in this sweep; run one with `base: { data: { kind: natural } }` (or an intervention that sets it)'
        : undefined,
  };
}
