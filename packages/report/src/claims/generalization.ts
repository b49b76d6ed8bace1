// Clustering beyond the training data: claims C3 (validation ARI tracks training ARI) and C4 (unseen instances in
// their task's cluster are answered better than those outside it, by more than a stated effect size).
import { UNSEEN_SPLITS } from '@clusterlens/schema';

import { ARI, differenceByTrial, differencesByTrial, pickOutcomes, TRAIN_AND_VALIDATION, valuesByTrial, type TrialOutcome } from '../outcomes.js';
import {
  decideClaim,
  num,
  percent,
  statisticOf,
  syntheticNotAssessed,
  withBootstrapInterval,
  withTInterval,
  type ClaimResult,
  type DraftFinding,
  type ReportContext,
  type StatisticOptions,
  type StatisticRow,
} from './common.js';
import { correlationAbove, FISHER_MAX_R, fisherZ, greaterThan, precondition } from './verdicts.js';

// ------------------------------------------------------------------------------------------------ C3

// C3: validation ARI tracks training ARI, on the validation split of revision 2 (new instruction samples of the
// trained distributions, never trained: their hidden states at SEP are not copies of training states). Per seed at
// the top layer: the correlation of the two curves over training (same shape), and how much of the training curve's
// rise the validation curve keeps (level). New instructions cluster somewhat less well than trained ones (the
// prototype's positive control, PROTOCOL section 3), so the level asks for most of the rise, not for equal ARI: a model
// that memorises its training instructions keeps none of it and fails; one whose ARI does not move (no clustering,
// noise on both splits) fails the shape. Tracking needs clusters to track: the training curve's rise (C1's,
// > c1MinRise) is the claim's precondition, so two flat, equally low curves (a probe position without task clusters)
// do not "track" each other.

const C3_STATEMENT = 'Validation ARI (new instruction samples, never trained) tracks training ARI.';

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
  // A constant curve (exactly: rounding in the mean would otherwise leave a tiny spread and a meaningless r).
  if (Math.min(...x) === Math.max(...x) || Math.min(...y) === Math.max(...y)) return NaN;
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

/** The mean of per-seed correlations on Fisher's z scale, with its intervals, back-transformed to correlations. */
function correlationStatistic(name: string, correlations: readonly number[], options: StatisticOptions): StatisticRow | null {
  const z = statisticOf(name, correlations.map(fisherZ), options);
  const r = (x: number | null) => (x === null ? null : Math.tanh(x));
  return z && { ...z, estimate: Math.tanh(z.estimate), tLow: r(z.tLow), tHigh: r(z.tHigh), bootstrapLow: r(z.bootstrapLow), bootstrapHigh: r(z.bootstrapHigh) };
}

function validationTracking(context: ReportContext, condition: string): DraftFinding | null {
  const [train, validation] = TRAIN_AND_VALIDATION;
  const where = { condition, layer: 'top' as const, outcome: 'final-ari' as const };
  const trainFinal = valuesByTrial(context.outcomes, { ...where, split: train });
  const validationFinal = valuesByTrial(context.outcomes, { ...where, split: validation });
  if (trainFinal.size === 0 || validationFinal.size === 0) return null;
  const o = context.statistics;
  const { c1MinRise, c3MinCorrelation, c3MinRetained } = context.thresholds;
  const initial = (split: string) => valuesByTrial(context.outcomes, { ...where, split, outcome: 'initial-ari' });
  const trainRise = differencesByTrial(trainFinal, initial(train));
  const validationRise = differencesByTrial(validationFinal, initial(validation));
  const trainRises = [...trainRise.values()];
  // Per seed: validation rise - c3MinRetained x train rise, above 0 when validation keeps more than that share (a
  // difference, not a ratio: a seed with a small train rise does not blow up).
  const kept = [...validationRise].filter(([trial]) => trainRise.has(trial)).map(([trial, rise]) => rise - c3MinRetained * trainRise.get(trial)!);
  const gap = statisticOf('final gap: train - validation ARI (top layer, paired by trial)', differenceByTrial(trainFinal, validationFinal), o);
  const rises = {
    train: statisticOf('train rise: final - initial ARI (top layer)', trainRises, o),
    validation: statisticOf('validation rise: final - initial ARI (top layer)', [...validationRise.values()], o),
  };
  const margin = statisticOf(`validation rise - ${c3MinRetained} × train rise (top layer, paired by trial)`, kept, o);
  if (!gap || !rises.train || !rises.validation || !margin) return null;
  const trials = [...trainFinal.keys()].filter((trial) => validationFinal.has(trial));
  const topLayerOf = new Map(context.outcomes.map((x) => [x.trial, x.topLayer]));
  const correlations = trials.map((trial) => {
    const layer = topLayerOf.get(trial)!;
    const trainCurve = context.curves.get(trial, ARI, train, layer);
    const validationCurve = context.curves.get(trial, ARI, validation, layer);
    return trainCurve && validationCurve ? curveCorrelation(trainCurve, validationCurve) : NaN;
  });
  // A constant curve has no correlation; it shares no shape with the other curve, so it counts as 0, against C3.
  const flat = correlations.filter((r) => !Number.isFinite(r)).length;
  const shapes = correlations.map((r) => (Number.isFinite(r) ? r : 0));
  const correlation = correlationStatistic('correlation of validation and train ARI curves (per seed, top layer, averaged as Fisher z; 0 for a constant curve)', shapes, o);
  const statistics = [gap, rises.train, rises.validation, margin, correlation].filter((s): s is StatisticRow => s !== null);
  const direction = gap.tLow === null ? '' : gap.tLow > 0 ? ', validation lower' : gap.tHigh! < 0 ? ', validation higher' : ', no detectable gap';
  const share = rises.train.estimate !== 0 ? ` (${num(rises.validation.estimate / rises.train.estimate, 2)} of it)` : '';
  return {
    condition,
    scope: 'validation vs train',
    text:
      `validation rise ${withTInterval(rises.validation, { signed: true })} against the train rise ${withTInterval(rises.train, { signed: true })}${share}; ` +
      `final gap train - validation ${withTInterval(gap, { signed: true })} (bootstrap ${withBootstrapInterval(gap, { signed: true })}, n=${gap.n}${direction}); ` +
      `curve correlation ${correlation ? withTInterval(correlation) : 'n/a'}` +
      (flat > 0 ? ` (${flat} seed(s) with a constant curve or too few common steps: correlation counted as 0)` : ''),
    comparisons: [
      precondition(greaterThan('train rise', trainRises, c1MinRise, { holds: 'training clusters form', fails: `no training clusters to track (train rise above ${c1MinRise} not shown)` })),
      correlationAbove('curve correlation', shapes, c3MinCorrelation, { holds: 'same shape', fails: `correlation above ${c3MinCorrelation} not shown` }),
      greaterThan(`validation rise - ${c3MinRetained} × train rise`, kept, 0, {
        holds: `level kept (validation keeps more than ${c3MinRetained} of the train rise)`,
        fails: `validation keeping ${c3MinRetained} of the train rise not shown`,
      }),
    ],
    statistics,
  };
}

const c3MinRiseText = (context: ReportContext) => String(context.thresholds.c1MinRise);

export function claimC3(context: ReportContext, conditions: readonly string[] = context.conditions): ClaimResult {
  const drafts = conditions.map((c) => validationTracking(context, c)).filter((f): f is DraftFinding => f !== null);
  const { alpha, c3MinCorrelation, c3MinRetained } = context.thresholds;
  return {
    id: 'C3',
    statement: C3_STATEMENT,
    rule:
      `Per seed at the top layer: the rises of the train and validation ARI curves (final - initial) and the Pearson ` +
      `correlation of the two curves over the steps both measured (paired on the trial). Clusters to track: one-sided ` +
      `t-test of train rise > ${c3MinRiseText(context)} (C1's --c1-min-rise). ` +
      `Same shape: one-sided t-test of the mean Fisher z of the correlations (atanh r, r capped at ±${FISHER_MAX_R}) > ` +
      `atanh(${c3MinCorrelation}) (--c3-min-correlation; a constant curve counts as correlation 0; the mean and its ` +
      `intervals are shown back-transformed, tanh of the mean z). Level kept: one-sided t-test of validation rise - ` +
      `${c3MinRetained} × train rise > 0 (--c3-min-retained: validation keeps more than that share of the train rise; new ` +
      `instructions may cluster somewhat less well, memorised ones keep nothing; the final gap train - validation is ` +
      `shown). Holm over the three at α = ${alpha}. No train rise shown: not supported (flat curves ` +
      `track each other trivially); otherwise shape and level both significant: supported; one: partly supported; ` +
      `none: not supported; fewer than 2 seeds: not assessed. Intervals: ${percent(context.statistics.confidenceLevel)} t (and ` +
      `BCa bootstrap, shown only).`,
    ...decideClaim(drafts, alpha),
    notAssessed:
      drafts.length === 0 ? syntheticNotAssessed(context, conditions, 'needs ARI on both the train and the validation split (evaluation.splits)') : undefined,
  };
}

// ------------------------------------------------------------------------------------------------ C4

// C4: unseen instances that land in their task's cluster are answered correctly far more often than those that do
// not (PROTOCOL section 4): k-means fit on training states, clusters matched one-to-one to tasks, and per task the
// accuracy of its instances in its cluster minus that of its instances elsewhere, averaged over the tasks that have
// both (the metric within-task-accuracy-gap). Per seed at the top layer and last step, on each unseen split; the
// mean gap must exceed an effect size. A seed whose gap is undefined (no task with instances on both sides) is named
// with its counts, not dropped silently.

const C4_STATEMENT =
  "Unseen instances that land in their task's cluster (one-to-one matching) are answered correctly far more often than those that do not: the within-task difference exceeds a stated effect size.";

function seedName(o: TrialOutcome): string {
  return o.seed === null ? o.trial : `seed ${o.seed}`;
}

function withinTaskGap(context: ReportContext, condition: string, split: string): DraftFinding | null {
  const where = { condition, split, layer: 'top' as const };
  const gaps = pickOutcomes(context.outcomes, { ...where, outcome: 'final-within-task-gap' });
  if (gaps.length === 0) return null;
  const o = context.statistics;
  const { c4MinGap } = context.thresholds;
  const countOf = (outcome: 'final-in-cluster-count' | 'final-out-of-cluster-count') => valuesByTrial(context.outcomes, { ...where, outcome });
  const inCounts = countOf('final-in-cluster-count');
  const outCounts = countOf('final-out-of-cluster-count');
  const values = (outcome: 'final-accuracy-in-cluster' | 'final-accuracy-out-of-cluster' | 'final-in-cluster-fraction') =>
    pickOutcomes(context.outcomes, { ...where, outcome }).map((x) => x.value);
  const gapStat = statisticOf('within-task gap: in-cluster - out-of-cluster accuracy (top layer, last step, per seed)', gaps.map((g) => g.value), o);
  const inStat = statisticOf('accuracy in own cluster, pooled (top layer, last step)', values('final-accuracy-in-cluster'), o);
  const outStat = statisticOf('accuracy out of own cluster, pooled (top layer, last step)', values('final-accuracy-out-of-cluster'), o);
  const fractionStat = statisticOf('fraction in own cluster', values('final-in-cluster-fraction'), o);
  const statistics = [gapStat, inStat, outStat, fractionStat].filter((s): s is StatisticRow => s !== null);

  const count = (map: Map<string, number>, trial: string) => (map.has(trial) && Number.isFinite(map.get(trial)) ? String(map.get(trial)) : '?');
  const perSeed = gaps
    .map((g) => `${seedName(g)} ${count(inCounts, g.trial)}/${count(outCounts, g.trial)} ${Number.isFinite(g.value) ? num(g.value, 2) : 'undefined'}`)
    .join(', ');
  const undefinedSeeds = gaps.filter((g) => !Number.isFinite(g.value));
  const undefinedText =
    undefinedSeeds.length > 0
      ? `; gap undefined for ${undefinedSeeds.map(seedName).join(', ')} (no task with instances both in and out of its cluster), left out of the test`
      : '';
  return {
    condition,
    scope: `${split}, top layer`,
    text:
      `${split}: within-task gap ${gapStat ? withTInterval(gapStat, { signed: true }) : 'n/a'} ` +
      `(per seed, in/out of cluster and gap: ${perSeed}${undefinedText}); pooled accuracy in cluster ${inStat ? withTInterval(inStat) : 'n/a'} vs out ${outStat ? withTInterval(outStat) : 'n/a'}` +
      (fractionStat ? `; ${withTInterval(fractionStat)} of instances in their own cluster` : ''),
    comparisons: [greaterThan('within-task gap', gaps.map((g) => g.value), c4MinGap, { holds: `in-cluster instances answered better by more than ${c4MinGap}`, fails: `gap above ${c4MinGap} not shown` })],
    statistics,
  };
}

export function claimC4(context: ReportContext, conditions: readonly string[] = context.conditions): ClaimResult {
  const splits = context.sweep.splits.filter((s) => (UNSEEN_SPLITS as readonly string[]).includes(s));
  const drafts = conditions.flatMap((c) => splits.map((s) => withinTaskGap(context, c, s))).filter((f): f is DraftFinding => f !== null);
  const { alpha, c4MinGap } = context.thresholds;
  const legacy = context.sweep.rows.some((r) => r.metric === 'accuracy-in-cluster');
  return {
    id: 'C4',
    statement: C4_STATEMENT,
    rule:
      `k-means fit on training hidden states, clusters matched one-to-one to tasks (Hungarian); each unseen instance ` +
      `assigned to its nearest centroid. Per seed, on each unseen split (${UNSEEN_SPLITS.join(', ')}) at the top layer ` +
      `and last step: the within-task gap, the mean over tasks with instances on both sides of in-cluster minus ` +
      `out-of-cluster accuracy. Supported on a split: one-sided t-test of gap > ${c4MinGap} (--c4-min-gap), Holm over ` +
      `the condition's splits at α = ${alpha}; the claim for a condition: supported on every split, partly on some. ` +
      'Seeds whose gap is undefined are named with their counts and left out of the test; fewer than 2 seeds with a gap: not assessed.',
    ...decideClaim(drafts, alpha),
    notAssessed:
      drafts.length === 0
        ? syntheticNotAssessed(
            context,
            conditions,
            legacy
              ? 'this sweep has no within-task-accuracy-gap metric (it ran before revision 2 of the protocol matched clusters one-to-one to tasks); re-run it with the current code'
              : `no within-task-accuracy-gap metric: add an unseen split (${UNSEEN_SPLITS.join(', ')}) to evaluation.splits`,
          )
        : undefined,
  };
}
