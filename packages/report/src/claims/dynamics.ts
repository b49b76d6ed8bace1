// How clustering develops over training and depth: claims C1 (ARI rises and saturates), C2 (it increases with depth
// over layers 1..L) and C5 (the realistic suite shows both).
import { clusterDynamicsAcrossSeeds, groupBy, type Summary } from '@clusterlens/stats';

import { ARI, differenceByTrial, outcomesAsRows, valuesByTrial } from '../outcomes.js';
import { conditionOf } from '../read/sweep.js';
import {
  decideClaim,
  num,
  percent,
  statisticFromSummary,
  statisticOf,
  syntheticNotAssessed,
  trainAndValidation,
  withTInterval,
  type ClaimResult,
  type DraftFinding,
  type ReportContext,
  type StatisticRow,
} from './common.js';
import { greaterThan, primary, within } from './verdicts.js';

// ------------------------------------------------------------------------------------------------ C1

// C1: ARI at the probe position rises over training and saturates, on training and validation splits.
// Measured at each trial's top layer: the rise (final - initial) must exceed a minimum, and the late change (final -
// ARI at 3/4 of training) must be small in absolute value: a late collapse is not saturation, nor is a curve still
// climbing. The saturation and emergence steps from clusterDynamicsAcrossSeeds are shown beside them.

const NO_TRAIN_OR_VALIDATION = 'no ARI on the train or validation split; add them to evaluation.splits';

const C1_STATEMENT = 'ARI at the probe position rises over training and saturates, on training and validation splits.';

function fromSummary(name: string, reached: number, summary: Summary | null): StatisticRow | null {
  return summary ? statisticFromSummary(`${name} (reached by ${reached})`, summary) : null;
}

/**
 * The steps at which a condition's ARI was measured on a split. A probe-only trial (training.steps: 0 with init.from)
 * has step 0 alone: no curve, so no rise, saturation or change over training to read.
 */
function ariSteps(context: ReportContext, condition: string, split: string): number[] {
  const rows = context.sweep.rows.filter((r) => r.condition === condition && r.split === split && r.metric === ARI);
  return [...new Set(rows.map((r) => r.step))].sort((a, b) => a - b);
}

const ONE_STEP = 'evaluated at one step only (training.steps: 0 probes a pre-trained model)';

/** Rise and saturation of the top layer's ARI for one condition on one split; null without data. */
function riseAndSaturation(context: ReportContext, condition: string, split: string): DraftFinding | null {
  const where = { condition, split, layer: 'top' as const };
  const initial = valuesByTrial(context.outcomes, { ...where, outcome: 'initial-ari' });
  const final = valuesByTrial(context.outcomes, { ...where, outcome: 'final-ari' });
  const threeQuarters = valuesByTrial(context.outcomes, { ...where, outcome: 'ari-at-three-quarters' });
  if (final.size === 0) return null;
  const o = context.statistics;
  const steps = ariSteps(context, condition, split);
  if (steps.length < 2) {
    const only = statisticOf(`ARI at step ${steps[0]} (top layer)`, [...final.values()], o)!;
    return {
      condition,
      scope: split,
      text: `${split}: top-layer ARI ${withTInterval(only)} at step ${steps[0]}, the only step`,
      comparisons: [],
      statistics: [only],
      note: `not assessed: C1 needs a training curve, and these trials were ${ONE_STEP}`,
    };
  }
  const { c1MinRise, c1LateChange } = context.thresholds;
  const rises = differenceByTrial(final, initial);
  const lateChanges = differenceByTrial(final, threeQuarters);
  const initialStat = statisticOf('initial ARI (top layer)', [...initial.values()], o)!;
  const finalStat = statisticOf('final ARI (top layer)', [...final.values()], o)!;
  const rise = statisticOf('rise: final - initial ARI', rises, o)!;
  const late = statisticOf('late change: final - ARI at 3/4 of training', lateChanges, o)!;

  const topLayers = [...new Set(context.outcomes.filter((x) => x.condition === condition).map((x) => x.topLayer))];
  const statistics = [initialStat, finalStat, rise, late];
  let stepsText = '';
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
    if (saturation) stepsText = `; 95% of final by step ${withTInterval(saturation, { digits: 1 })}`;
    stepsText += `; ARI >= ${context.threshold} reached by ${emergenceStep.reached}/${seeds} seeds`;
  }

  const lateDirection = late.estimate < 0 ? 'falls late' : 'still changing late';
  return {
    condition,
    scope: split,
    text:
      `${split}: top-layer ARI goes from ${withTInterval(initialStat)} to ${withTInterval(finalStat)} ` +
      `(rise ${withTInterval(rise, { signed: true })}, n=${rise.n}); late change ${withTInterval(late, { signed: true })}${stepsText}`,
    comparisons: [
      primary(greaterThan('rise', rises, c1MinRise, { holds: `rises by more than ${c1MinRise}`, fails: `no rise above ${c1MinRise} shown` })),
      within('late change', lateChanges, c1LateChange, { holds: `saturated (late change within ±${c1LateChange})`, fails: `not shown saturated (${lateDirection})` }),
    ],
    statistics,
  };
}

function c1Rule(context: ReportContext): string {
  const { alpha, c1MinRise, c1LateChange } = context.thresholds;
  return (
    `Per seed at the top layer: rise = final - initial ARI; late change = final - ARI at 3/4 of training. On each of ` +
    `train and validation: rises: one-sided t-test of rise > ${c1MinRise} (--c1-min-rise); saturated: equivalence test ` +
    `(two one-sided t-tests) of |late change| < ${c1LateChange} (--c1-late-change), so a late collapse or a curve still ` +
    `climbing is not saturated. Holm over the condition's comparisons at α = ${alpha}. All significant: supported; ` +
    `no rise on any split: not supported (a flat curve is trivially saturated); otherwise some: partly supported; ` +
    `none: not supported; fewer than 2 seeds: not assessed. Intervals: ${percent(context.statistics.confidenceLevel)} t.`
  );
}

export function claimC1(context: ReportContext, conditions: readonly string[] = context.conditions): ClaimResult {
  const splits = trainAndValidation(context);
  const drafts = conditions.flatMap((condition) => splits.map((split) => riseAndSaturation(context, condition, split))).filter((f): f is DraftFinding => f !== null);
  return {
    id: 'C1',
    statement: C1_STATEMENT,
    rule: c1Rule(context),
    ...decideClaim(drafts, context.thresholds.alpha),
    notAssessed: drafts.length === 0 ? syntheticNotAssessed(context, conditions, NO_TRAIN_OR_VALIDATION) : undefined,
  };
}

// ------------------------------------------------------------------------------------------------ C2

// C2: final ARI increases with depth over layers 1..L. Per seed: the least-squares slope of final ARI on the layer
// index over layers 1..L, and layer L minus layer 1; layer 0 (token plus position embedding at SEP, which cannot
// learn tasks) is left out of both and reported on its own as a sanity check, its change over training.

const C2_STATEMENT = 'Final ARI increases with depth over layers 1..L (trend across layers 1..L, and layer L above layer 1); layer 0 is reported separately as a sanity check.';

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

function depthProfile(context: ReportContext, condition: string, split: string): DraftFinding | null {
  const finals = context.outcomes.filter((o) => o.condition === condition && o.split === split && o.outcome === 'final-ari');
  if (finals.length === 0) return null;
  const o = context.statistics;
  const { c2MinSlope, c2MinGain, c2Layer0Tolerance } = context.thresholds;
  const statistics: StatisticRow[] = [];
  const layerMeans: string[] = [];
  for (const { key, rows } of groupBy(outcomesAsRows(finals), ['layer'])) {
    const s = statisticOf(`final ARI, layer ${key.layer}`, rows.map((r) => r.value as number), o);
    if (s) {
      statistics.push(s);
      layerMeans.push(`${key.layer}: ${num(s.estimate, 2)}`);
    }
  }

  // Layer 0 on its own: its change over training, described, never part of the verdict.
  const where = { condition, split, layer: 0 };
  const layer0Change = statisticOf(
    'layer 0 change: final - initial ARI (sanity check, not in the verdict)',
    differenceByTrial(valuesByTrial(context.outcomes, { ...where, outcome: 'final-ari' }), valuesByTrial(context.outcomes, { ...where, outcome: 'initial-ari' })),
    o,
  );
  const oneStep = ariSteps(context, condition, split).length < 2;
  if (layer0Change && !oneStep) statistics.push(layer0Change);
  let note = 'layer 0 not probed';
  if (layer0Change && oneStep) {
    note = `layer 0 change over training not measured: ${ONE_STEP}`;
  } else if (layer0Change) {
    const flat = layer0Change.tLow !== null && layer0Change.tLow > -c2Layer0Tolerance && layer0Change.tHigh! < c2Layer0Tolerance;
    const reading = layer0Change.tLow === null ? 'one seed' : flat ? `flat (interval within ±${c2Layer0Tolerance})` : `moves (interval not within ±${c2Layer0Tolerance}): check the probe position`;
    note = `layer 0 (sanity check, not in the verdict): change ${withTInterval(layer0Change, { signed: true })}, ${reading}`;
  }

  const above = finals.filter((f) => f.layer !== null && f.layer >= 1);
  const layers = [...new Set(above.map((f) => f.layer as number))].sort((a, b) => a - b);
  if (layers.length < 2) {
    return {
      condition,
      scope: split,
      text: `${split}: final ARI by layer ${layerMeans.join(', ')}: C2 needs at least two probed layers above 0 (probe.layers)`,
      comparisons: [],
      statistics,
      note,
    };
  }
  const [first, last] = [layers[0], layers[layers.length - 1]];
  const slopes: number[] = [];
  const gains: number[] = [];
  for (const { rows } of groupBy(outcomesAsRows(above), ['trial'])) {
    const byLayer = new Map(rows.map((r) => [r.layer as number, r.value as number]));
    const x = layers.filter((l) => Number.isFinite(byLayer.get(l)));
    slopes.push(x.length >= 2 ? leastSquaresSlope(x, x.map((l) => byLayer.get(l)!)) : NaN);
    gains.push((byLayer.get(last) ?? NaN) - (byLayer.get(first) ?? NaN));
  }
  const slope = statisticOf(`depth slope over layers ${first}..${last}: final ARI per layer (least squares, per seed)`, slopes, o);
  const gain = statisticOf(`layer ${last} - layer ${first}: final ARI (paired by seed)`, gains, o);
  for (const s of [slope, gain]) if (s) statistics.push(s);
  return {
    condition,
    scope: split,
    text:
      `${split}: final ARI by layer ${layerMeans.join(', ')}; slope over layers ${first}..${last} ` +
      `${slope ? withTInterval(slope, { signed: true }) : 'n/a'} per layer; layer ${last} - layer ${first} ${gain ? withTInterval(gain, { signed: true }) : 'n/a'}`,
    comparisons: [
      greaterThan(`slope over layers ${first}..${last}`, slopes, c2MinSlope, { holds: `increases with depth over layers ${first}..${last}`, fails: `no increase over layers ${first}..${last} shown` }),
      greaterThan(`layer ${last} - layer ${first}`, gains, c2MinGain, { holds: `layer ${last} above layer ${first}`, fails: `layer ${last} not shown above layer ${first}` }),
    ],
    statistics,
    note,
  };
}

function c2Rule(context: ReportContext): string {
  const { alpha, c2MinSlope, c2MinGain, c2Layer0Tolerance } = context.thresholds;
  return (
    `Per seed, over layers 1..L only (L = top probed layer): the least-squares slope of final ARI on the layer index, ` +
    `and final ARI of layer L minus layer 1. On each of train and validation: one-sided t-tests of slope > ${c2MinSlope} ` +
    `(--c2-min-slope) and of layer L - layer 1 > ${c2MinGain} (--c2-min-gain); Holm over the condition's comparisons at ` +
    `α = ${alpha}. All significant: supported; some: partly supported; none: not supported; fewer than 2 seeds or ` +
    `fewer than 2 layers above 0: not assessed. Layer 0 is left out of the verdict and reported as a sanity check: its ` +
    `change over training, flat when its ${percent(context.statistics.confidenceLevel)} t-interval lies within ±${c2Layer0Tolerance} (--c2-layer0-tolerance).`
  );
}

export function claimC2(context: ReportContext, conditions: readonly string[] = context.conditions): ClaimResult {
  const splits = trainAndValidation(context);
  const drafts = conditions.flatMap((c) => splits.map((s) => depthProfile(context, c, s))).filter((f): f is DraftFinding => f !== null);
  return {
    id: 'C2',
    statement: C2_STATEMENT,
    rule: c2Rule(context),
    ...decideClaim(drafts, context.thresholds.alpha),
    notAssessed: drafts.length === 0 ? syntheticNotAssessed(context, conditions, NO_TRAIN_OR_VALIDATION) : undefined,
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
  const splits = trainAndValidation(context);
  const drafts: DraftFinding[] = [];
  for (const condition of conditions) {
    for (const split of splits) {
      const c1 = riseAndSaturation(context, condition, split);
      if (c1) drafts.push({ ...c1, scope: `C1, ${c1.scope}` });
      const c2 = depthProfile(context, condition, split);
      if (c2) drafts.push({ ...c2, scope: `C2, ${c2.scope}` });
    }
  }
  return {
    id: 'C5',
    statement: C5_STATEMENT,
    rule: `The C1 and C2 measurements, tests and thresholds, on the trials with data.kind: natural; Holm over all of a condition's C1 and C2 comparisons at α = ${context.thresholds.alpha}.`,
    ...decideClaim(drafts, context.thresholds.alpha),
    notAssessed:
      drafts.length === 0
        ? 'no finished trials with data.kind: natural in this sweep; run one with `base: { data: { kind: natural } }` (or an intervention that sets it)'
        : undefined,
  };
}
