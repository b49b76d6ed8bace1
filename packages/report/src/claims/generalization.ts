// Clustering beyond the training data: claims C3 (validation ARI tracks training ARI) and C4 (unseen instances in
// their task's cluster are answered better than those outside it).
import { ARI, outcomesAsRows, pickOutcomes, SEEN_SPLITS } from '../outcomes.js';
import {
  combineVerdicts,
  num,
  pairedStatistic,
  statisticOf,
  TRACKING_CORRELATION,
  TRACKING_GAP,
  withBootstrapInterval,
  withTInterval,
  type ClaimResult,
  type Finding,
  type ReportContext,
  type StatisticRow,
} from './common.js';

// ------------------------------------------------------------------------------------------------ C3

// C3: validation ARI tracks training ARI. Per seed at the top layer: the correlation of the two curves over
// training (same shape), and the final gap validation - train (same level), paired on the trial.

const C3_STATEMENT = 'Validation ARI tracks training ARI.';

/** Pearson correlation of two curves over the steps both measured; NaN if either is constant there. */
function curveCorrelation(a: { steps: ArrayLike<number>; values: ArrayLike<number> }, b: { steps: ArrayLike<number>; values: ArrayLike<number> }): number {
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

function validationTracking(context: ReportContext, condition: string): Finding | null {
  const [train, validation] = SEEN_SPLITS;
  const finals = SEEN_SPLITS.flatMap((split) => pickOutcomes(context.outcomes, { condition, split, layer: 'top', outcome: 'final-ari' }));
  if (!finals.some((f) => f.split === train) || !finals.some((f) => f.split === validation)) return null;
  const o = context.statistics;
  const gap = pairedStatistic(
    'final gap: validation - train ARI (top layer, paired by trial)',
    outcomesAsRows(finals),
    { by: 'split', treatment: validation, control: train, match: ['trial'] },
    o,
  ).statistic;
  const correlations = [...new Set(finals.map((f) => f.trial))].map((trial) => {
    const layer = finals.find((f) => f.trial === trial)!.topLayer;
    const trainCurve = context.curves.get(trial, ARI, train, layer);
    const validationCurve = context.curves.get(trial, ARI, validation, layer);
    return trainCurve && validationCurve ? curveCorrelation(trainCurve, validationCurve) : NaN;
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

// ------------------------------------------------------------------------------------------------ C4

// C4: unseen instances that land in their task's cluster are answered correctly far more often than those that
// do not (PROTOCOL section 4). Per seed at the top layer and the last step: accuracy in cluster minus accuracy
// out of cluster, paired on the trial.

const C4_STATEMENT =
  "Unseen instances that land in their task's cluster are answered correctly far more often than those that do not.";

function clusterAccuracyGap(context: ReportContext, condition: string, split: string): Finding | null {
  const where = { condition, split, layer: 'top' as const };
  const inside = pickOutcomes(context.outcomes, { ...where, outcome: 'final-accuracy-in-cluster' });
  const outside = pickOutcomes(context.outcomes, { ...where, outcome: 'final-accuracy-out-of-cluster' });
  if (inside.length === 0 || outside.length === 0) return null;
  const o = context.statistics;
  const fraction = pickOutcomes(context.outcomes, { ...where, outcome: 'final-in-cluster-fraction' });
  const inStat = statisticOf('accuracy in own cluster (top layer, last step)', inside.map((x) => x.value), o);
  const outStat = statisticOf('accuracy out of own cluster (top layer, last step)', outside.map((x) => x.value), o);
  const fractionStat = statisticOf('fraction in own cluster', fraction.map((x) => x.value), o);
  const paired = pairedStatistic(
    'in - out of cluster accuracy (paired by trial)',
    outcomesAsRows([...inside, ...outside]),
    { by: 'outcome', treatment: 'final-accuracy-in-cluster', control: 'final-accuracy-out-of-cluster', match: ['trial'] },
    o,
  );
  const gap = paired.statistic;
  const statistics = [inStat, outStat, fractionStat, gap].filter((s): s is StatisticRow => s !== null);
  const undefinedNote = paired.undefinedPairs > 0 ? `; ${paired.undefinedPairs} seed(s) left out: no instance on one side` : '';
  if (!gap) {
    return {
      condition,
      scope: `${split}, top layer`,
      text: `${split}: no seed has instances both in and out of their cluster${undefinedNote}`,
      verdict: 'not assessed',
      statistics,
    };
  }
  const enough = gap.tLow !== null;
  const holds = enough && gap.tLow! > 0;
  return {
    condition,
    scope: `${split}, top layer`,
    text:
      `${split}: accuracy in cluster ${inStat ? withTInterval(inStat) : 'n/a'} vs out of cluster ${outStat ? withTInterval(outStat) : 'n/a'}; ` +
      `difference ${withTInterval(gap, { signed: true })} (n=${gap.n}${undefinedNote}); ` +
      `${fractionStat ? `${withTInterval(fractionStat)} of instances in their own cluster` : ''}` +
      `: ${enough ? (holds ? 'in-cluster instances answered better' : 'no advantage shown') : 'fewer than 2 seeds'}`,
    verdict: enough ? (holds ? 'supported' : 'not supported') : 'not enough seeds',
    statistics,
  };
}

export function claimC4(context: ReportContext, conditions: readonly string[] = context.conditions): ClaimResult {
  const splits = context.sweep.splits.filter((s) => s.startsWith('unseen'));
  const findings = conditions.flatMap((c) => splits.map((s) => clusterAccuracyGap(context, c, s))).filter((f): f is Finding => f !== null);
  const level = Math.round(context.statistics.confidenceLevel * 100);
  return {
    id: 'C4',
    statement: C4_STATEMENT,
    rule:
      `k-means fit on training hidden states; each unseen instance assigned to its nearest centroid. Per seed at the top ` +
      `layer and last step: accuracy of instances in their own task's cluster minus accuracy of the others. Supported: ` +
      `the difference's ${level}% t-interval lies above 0. Seeds with no instance on one side are left out and counted.`,
    findings,
    notAssessed:
      findings.length === 0
        ? 'no accuracy-in-cluster / accuracy-out-of-cluster metrics: add an unseen split (unseen-samples, unseen-distribution, unseen-inputs) to evaluation.splits'
        : undefined,
  };
}
