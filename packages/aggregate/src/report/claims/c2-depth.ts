// C2: final ARI increases with depth; layer 0 stays near its initial value. Measured per seed as the
// least-squares slope of final ARI on layer index, and layer 0's change from its first to its last value.
import { groupBy } from '../../rows/group-by.js';
import { outcomesAsRows } from '../trial-outcomes.js';
import { differenceByTrial, valuesByTrial } from '../pick-outcomes.js';
import { num, statisticOf, withTInterval, type ClaimResult, type Finding, type StatisticRow } from './claim.js';
import { seenSplits, type ReportContext } from './report-context.js';
import { combineVerdicts, FLAT_LAYER_TOLERANCE } from './verdict-rules.js';

export const C2_STATEMENT = 'Final ARI increases with depth; layer 0 stays near its initial value.';

/** Least-squares slope of y on x; NaN with fewer than 2 distinct x. */
export function leastSquaresSlope(x: readonly number[], y: readonly number[]): number {
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

export function depthProfile(context: ReportContext, condition: string, split: string): Finding | null {
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
