// C3: validation ARI tracks training ARI. Per seed at the top layer: the correlation of the two curves over
// training (same shape), and the final gap validation - train (same level), paired on the trial.
import { pickOutcomes } from '../pick-outcomes.js';
import { outcomesAsRows } from '../trial-outcomes.js';
import { num, statisticOf, withBootstrapInterval, withTInterval, type ClaimResult, type Finding, type StatisticRow } from './claim.js';
import { pairedStatistic } from './paired-statistic.js';
import type { ReportContext } from './report-context.js';
import { combineVerdicts, TRACKING_CORRELATION, TRACKING_GAP } from './verdict-rules.js';

export const C3_STATEMENT = 'Validation ARI tracks training ARI.';

/** Pearson correlation of two curves over the steps both measured; NaN if either is constant there. */
export function curveCorrelation(a: { steps: ArrayLike<number>; values: ArrayLike<number> }, b: { steps: ArrayLike<number>; values: ArrayLike<number> }): number {
  const valueAt = new Map<number, number>();
  for (let i = 0; i < b.steps.length; i++) valueAt.set(b.steps[i], b.values[i]);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < a.steps.length; i++) {
    const other = valueAt.get(a.steps[i]);
    if (other !== undefined) {
      x.push(a.values[i]);
      y.push(other);
    }
  }
  if (x.length < 3) return NaN;
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

export function validationTracking(context: ReportContext, condition: string): Finding | null {
  const finals = ['train', 'validation'].flatMap((split) => pickOutcomes(context.outcomes, { condition, split, layer: 'top', outcome: 'final-ari' }));
  if (!finals.some((f) => f.split === 'train') || !finals.some((f) => f.split === 'validation')) return null;
  const o = context.statistics;
  const gap = pairedStatistic(
    'final gap: validation - train ARI (top layer, paired by trial)',
    outcomesAsRows(finals),
    { by: 'split', treatment: 'validation', control: 'train', match: ['trial'] },
    o,
  ).statistic;
  const correlations = [...new Set(finals.map((f) => f.trial))].map((trial) => {
    const layer = finals.find((f) => f.trial === trial)!.topLayer;
    const train = context.curves.get(trial, 'ari', 'train', layer);
    const validation = context.curves.get(trial, 'ari', 'validation', layer);
    return train && validation ? curveCorrelation(train, validation) : NaN;
  });
  const correlation = statisticOf('correlation of validation and train ARI curves (per seed, top layer)', correlations, o);
  const statistics = [gap, correlation].filter((s): s is StatisticRow => s !== null);
  if (!gap) return null;

  const enough = gap.tLow !== null && correlation !== null && correlation.tLow !== null;
  const sameShape = enough && correlation!.tLow! >= TRACKING_CORRELATION;
  const sameLevel = enough && gap.tLow! > -TRACKING_GAP && gap.tHigh! < TRACKING_GAP;
  const direction = gap.tLow === null ? '' : gap.tHigh! < 0 ? 'validation lower' : gap.tLow > 0 ? 'validation higher' : 'no detectable gap';
  return {
    condition,
    scope: 'validation vs train',
    text:
      `final gap validation - train ${withTInterval(gap, { signed: true })} (bootstrap ${withBootstrapInterval(gap, { signed: true })}, n=${gap.n}, ${direction}); ` +
      `curve correlation ${correlation ? withTInterval(correlation) : 'n/a (flat curves)'}` +
      `: ${enough ? `${sameShape ? 'same shape' : 'shape differs'}, ${sameLevel ? `level within ±${num(TRACKING_GAP, 1)}` : 'level differs'}` : 'fewer than 2 seeds'}`,
    verdict: enough ? combineVerdicts([sameShape, sameLevel]) : 'not enough seeds',
    statistics,
  };
}

export function claimC3(context: ReportContext, conditions: readonly string[] = context.conditions): ClaimResult {
  const findings = conditions.map((c) => validationTracking(context, c)).filter((f): f is Finding => f !== null);
  const level = Math.round(context.statistics.confidenceLevel * 100);
  return {
    id: 'C3',
    statement: C3_STATEMENT,
    rule:
      `Per seed at the top layer: the Pearson correlation of the validation and train ARI curves over the steps both ` +
      `measured, and the final gap validation - train (paired on the trial). Same shape: the correlation's ${level}% ` +
      `t-interval lies above ${TRACKING_CORRELATION}. Same level: the gap's t-interval lies within ±${TRACKING_GAP}. ` +
      'Both: supported; one: partly.',
    findings,
    notAssessed: findings.length === 0 ? 'needs ARI on both the train and the validation split (evaluation.splits)' : undefined,
  };
}
