// How findings become verdicts (docs/PROTOCOL.md section 7, revision 2): every verdict rests on comparisons, each a
// t-test across seeds (one value per seed) against a stated threshold; the comparisons of one claim for one condition
// are a family, corrected with Holm's method at the report's α. A claim is supported when all of its comparisons are
// significant after the correction, partly supported when some are, not supported when none is, and not assessed
// when none could be computed (fewer than 2 seeds). Comparisons between conditions (C6, C7) are two-sided and read
// positive / negative / null. Bootstrap intervals are shown beside the t-intervals but never decide: at 5-10 seeds
// they undercover (packages/stats/test/interval-coverage.test.ts).
import { equivalenceTTest, holm, oneSampleTTest } from '@clusterlens/stats';

// ------------------------------------------------------------------------------------------------ thresholds

/** Every number a verdict depends on; each is a report option (and a `clusterlens report` flag). */
export interface VerdictThresholds {
  /** Family-wise error rate of each claim's comparisons (Holm). */
  alpha: number;
  /** C1: the rise (final - initial top-layer ARI) must exceed this. */
  c1MinRise: number;
  /** C1: saturated when the late change (final - ARI at 3/4 of training) lies within ± this (equivalence test). */
  c1LateChange: number;
  /** C2: the per-seed least-squares slope of final ARI on layer, over layers 1..L, must exceed this (ARI per layer). */
  c2MinSlope: number;
  /** C2: final ARI of layer L minus layer 1 (paired by seed) must exceed this. */
  c2MinGain: number;
  /** C2 sanity check, not part of the verdict: layer 0 reads as flat when its change's interval lies within ± this. */
  c2Layer0Tolerance: number;
  /** C3: the per-seed correlation of the validation and train ARI curves must exceed this (averaged as Fisher z). */
  c3MinCorrelation: number;
  /** C3: validation's rise (final - initial top-layer ARI) must exceed this share of train's (paired by seed). */
  c3MinRetained: number;
  /** C4: the within-task accuracy gap (in-cluster minus out-of-cluster accuracy) must exceed this. */
  c4MinGap: number;
}

export interface ThresholdDescription {
  name: keyof VerdictThresholds;
  /** The `clusterlens report` flag, and the name of its value in `--help`. */
  flag: string;
  value: string;
  claim: string;
  description: string;
}

/** The defaults (ours, not the paper's: PROTOCOL marks what is whose). */
export const VERDICT_DEFAULTS: Readonly<VerdictThresholds> = Object.freeze({
  alpha: 0.05,
  c1MinRise: 0.2,
  c1LateChange: 0.05,
  c2MinSlope: 0,
  c2MinGain: 0.05,
  c2Layer0Tolerance: 0.05,
  c3MinCorrelation: 0.9,
  c3MinRetained: 0.67,
  c4MinGap: 0.2,
});

/** Each threshold with its flag and meaning, in the order reports and `--help` list them. */
export const VERDICT_THRESHOLDS: readonly ThresholdDescription[] = [
  { name: 'alpha', flag: '--alpha', value: 'p', claim: 'all', description: "family-wise error rate: the comparisons of one claim for one condition are Holm-corrected at this level" },
  { name: 'c1MinRise', flag: '--c1-min-rise', value: 'ari', claim: 'C1', description: 'the rise of top-layer ARI (final - initial) must exceed this' },
  { name: 'c1LateChange', flag: '--c1-late-change', value: 'ari', claim: 'C1', description: 'saturated: the late change (final - ARI at 3/4 of training) lies within ± this (a late collapse is not saturation)' },
  { name: 'c2MinSlope', flag: '--c2-min-slope', value: 'ari', claim: 'C2', description: 'the slope of final ARI on layer over layers 1..L (per seed, least squares) must exceed this, in ARI per layer' },
  { name: 'c2MinGain', flag: '--c2-min-gain', value: 'ari', claim: 'C2', description: 'final ARI of layer L minus layer 1 (paired by seed) must exceed this' },
  { name: 'c2Layer0Tolerance', flag: '--c2-layer0-tolerance', value: 'ari', claim: 'C2', description: "sanity check, not in the verdict: layer 0 reads as flat when its change's interval lies within ± this" },
  { name: 'c3MinCorrelation', flag: '--c3-min-correlation', value: 'r', claim: 'C3', description: 'the per-seed correlation of the validation and train ARI curves must exceed this on average (averaged as Fisher z)' },
  { name: 'c3MinRetained', flag: '--c3-min-retained', value: 'share', claim: 'C3', description: "validation's ARI rise must exceed this share of train's (per seed: validation rise - share x train rise > 0)" },
  { name: 'c4MinGap', flag: '--c4-min-gap', value: 'accuracy', claim: 'C4', description: 'the within-task accuracy gap (in-cluster minus out-of-cluster, per unseen split) must exceed this' },
];

/** 'thresholds.alpha (--alpha)': how an error names a threshold, for the library and the command line alike. */
function optionName(name: string): string {
  const flag = VERDICT_THRESHOLDS.find((t) => t.name === name)?.flag;
  return `thresholds.${name}${flag ? ` (${flag})` : ''}`;
}

/** The defaults with `given` over them, each checked: an error names the option and what it expects. */
export function resolveThresholds(given: Partial<VerdictThresholds> = {}): VerdictThresholds {
  const thresholds: VerdictThresholds = { ...VERDICT_DEFAULTS };
  for (const [name, value] of Object.entries(given) as [keyof VerdictThresholds, number | undefined][]) {
    if (value === undefined) continue;
    if (!(name in VERDICT_DEFAULTS)) throw new RangeError(`thresholds.${name}: no such threshold (there are ${Object.keys(VERDICT_DEFAULTS).join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${optionName(name)}: expected a number, got ${String(value)}`);
    thresholds[name] = value;
  }
  if (!(thresholds.alpha > 0 && thresholds.alpha < 1)) throw new RangeError(`${optionName('alpha')}: expected a number strictly between 0 and 1, got ${thresholds.alpha}`);
  for (const margin of ['c1LateChange', 'c2Layer0Tolerance'] as const) {
    if (!(thresholds[margin] > 0)) throw new RangeError(`${optionName(margin)}: expected a margin > 0, got ${thresholds[margin]}`);
  }
  if (!(thresholds.c3MinRetained >= 0 && thresholds.c3MinRetained <= 1)) {
    throw new RangeError(`${optionName('c3MinRetained')}: expected a share in [0, 1], got ${thresholds.c3MinRetained}`);
  }
  if (!(thresholds.c3MinCorrelation >= -1 && thresholds.c3MinCorrelation < 1)) {
    throw new RangeError(`${optionName('c3MinCorrelation')}: expected a correlation in [-1, 1), got ${thresholds.c3MinCorrelation}`);
  }
  return thresholds;
}

// ------------------------------------------------------------------------------------------------ comparisons

/**
 * - 'greater': H1 mean > threshold (one-sided t-test);
 * - 'within': H1 |mean| < threshold (equivalence: two one-sided t-tests, p the larger);
 * - 'two-sided': H1 mean ≠ threshold (C6, C7: the sign then tells positive from negative).
 */
export type ComparisonTest = 'greater' | 'within' | 'two-sided';

/** One test behind a verdict. */
export interface Comparison {
  /** What is shown when significant, with its threshold, e.g. 'rise > 0.2'. */
  hypothesis: string;
  test: ComparisonTest;
  threshold: number;
  /** Seeds (or seed pairs) with a defined value. */
  n: number;
  /** Mean across them; null with none. */
  estimate: number | null;
  /** Raw p-value; null with fewer than 2 values (then the comparison is not significant and not in the family). */
  pValue: number | null;
  /** Holm-adjusted within the family (the claim's comparisons for one condition); null like pValue. */
  holmPValue: number | null;
  /** Comparisons with a p-value in the family. */
  familySize: number;
  /** Part of what the claim is about: when no primary comparison holds, the claim is not supported (claimVerdict). */
  primary?: boolean;
  /**
   * What the claim presupposes, not what it states (C3 needs training clusters to track): when it fails the claim is
   * not supported; when it holds it does not count towards "partly supported" (claimVerdict).
   */
  precondition?: boolean;
  significant: boolean;
  /** Words for the finding's text when the comparison holds, and when it does not. */
  holds: string;
  fails: string;
}

function defined(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

function meanOrNull(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function comparison(hypothesis: string, test: ComparisonTest, threshold: number, values: readonly number[], pValue: (v: number[]) => number, words: { holds: string; fails: string }): Comparison {
  const finite = defined(values);
  return {
    hypothesis,
    test,
    threshold,
    n: finite.length,
    estimate: meanOrNull(finite),
    pValue: finite.length >= 2 ? pValue(finite) : null,
    holmPValue: null,
    familySize: 0,
    significant: false,
    ...words,
  };
}

/** H1: the mean of `values` exceeds `threshold` (one-sided t-test; NaN values left out). */
export function greaterThan(quantity: string, values: readonly number[], threshold: number, words: { holds: string; fails: string }): Comparison {
  return comparison(`${quantity} > ${threshold}`, 'greater', threshold, values, (v) => oneSampleTTest(v, { nullValue: threshold, alternative: 'greater' }).pValue, words);
}

/**
 * Pearson correlations are averaged and tested on Fisher's z scale (z = atanh r), where their sampling spread no
 * longer shrinks towards ±1: a t-test of raw correlations near 1 treats one seed at 0.5 among seeds at 0.99 as a
 * symmetric error, and its interval runs past 1. Correlations are capped at ±FISHER_MAX_R, so that a pair of curves in
 * exact proportion counts as a very high, finite correlation (z = 4.95).
 */
export const FISHER_MAX_R = 0.9999;

/** Fisher's z of a correlation, capped at ±FISHER_MAX_R; NaN stays NaN. */
export function fisherZ(r: number): number {
  return Math.atanh(Math.max(-FISHER_MAX_R, Math.min(FISHER_MAX_R, r)));
}

/**
 * H1: correlations exceed `threshold` on average: a one-sided t-test of their mean Fisher z against atanh(threshold).
 * The estimate is the back-transformed mean, tanh(mean z).
 */
export function correlationAbove(quantity: string, correlations: readonly number[], threshold: number, words: { holds: string; fails: string }): Comparison {
  const zs = correlations.map(fisherZ);
  const tested = comparison(`${quantity} > ${threshold}`, 'greater', threshold, zs, (v) => oneSampleTTest(v, { nullValue: fisherZ(threshold), alternative: 'greater' }).pValue, words);
  return { ...tested, estimate: tested.estimate === null ? null : Math.tanh(tested.estimate) };
}

/** H1: the mean of `values` lies within ±margin (two one-sided t-tests). */
export function within(quantity: string, values: readonly number[], margin: number, words: { holds: string; fails: string }): Comparison {
  return comparison(`|${quantity}| < ${margin}`, 'within', margin, values, (v) => equivalenceTTest(v, { low: -margin, high: margin }).pValue, words);
}

/** H1: the mean of `values` differs from 0 (two-sided t-test). */
export function differsFromZero(quantity: string, values: readonly number[]): Comparison {
  return comparison(`${quantity} ≠ 0`, 'two-sided', 0, values, (v) => oneSampleTTest(v, { alternative: 'two-sided' }).pValue, { holds: 'differs', fails: 'no difference shown' });
}

// ------------------------------------------------------------------------------------------------ families

/**
 * Holm's correction over every comparison with a p-value in `comparisons` (one family), in place: sets holmPValue,
 * familySize and significant (holmPValue <= alpha).
 */
export function correctFamily(comparisons: readonly Comparison[], alpha: number): void {
  const tested = comparisons.filter((c) => c.pValue !== null);
  const adjusted = holm(tested.map((c) => c.pValue!));
  tested.forEach((c, i) => {
    c.holmPValue = adjusted[i];
    c.familySize = tested.length;
    c.significant = adjusted[i] <= alpha;
  });
}

export type ClaimVerdict = 'supported' | 'partly supported' | 'not supported' | 'not assessed';
export type DirectionVerdict = 'positive' | 'negative' | 'null' | 'not assessed';

/** All significant: supported; some: partly; none: not supported; none with a p-value: not assessed. */
export function claimVerdict(comparisons: readonly Comparison[]): ClaimVerdict {
  if (comparisons.length === 0 || comparisons.every((c) => c.pValue === null)) return 'not assessed';
  // A claim whose precondition fails is not supported: two flat curves "track" each other trivially.
  if (comparisons.some((c) => c.precondition && !c.significant)) return 'not supported';
  const claimed = comparisons.filter((c) => !c.precondition);
  // A claim whose primary part fails is not supported, whatever else holds: a flat curve is trivially "saturated".
  const primary = claimed.filter((c) => c.primary);
  if (primary.length > 0 && !primary.some((c) => c.significant)) return 'not supported';
  const held = claimed.filter((c) => c.significant).length;
  return held === claimed.length ? 'supported' : held > 0 ? 'partly supported' : 'not supported';
}

/** The same comparison, marked as what the claim presupposes (claimVerdict). */
export function precondition(c: Comparison): Comparison {
  return { ...c, precondition: true };
}

/** The same comparison, marked as a claim's primary part (claimVerdict). */
export function primary(c: Comparison): Comparison {
  return { ...c, primary: true };
}

/** A two-sided comparison: its sign when significant, null when not, not assessed without a p-value. */
export function directionVerdict(c: Comparison): DirectionVerdict {
  if (c.pValue === null || c.estimate === null) return 'not assessed';
  if (!c.significant) return 'null';
  return c.estimate > c.threshold ? 'positive' : 'negative';
}

// ------------------------------------------------------------------------------------------------ words

/** 0.0123, 0.41, <0.0001: enough digits to compare with α. */
export function formatP(p: number): string {
  if (p < 0.0001) return '<0.0001';
  if (p < 0.01) return p.toFixed(4);
  return p.toFixed(3);
}

/** 'p = 0.0123', 'p < 0.0001' */
function pText(name: string, p: number): string {
  const text = formatP(p);
  return text.startsWith('<') ? `${name} < ${text.slice(1)}` : `${name} = ${text}`;
}

/** 'rise > 0.2: p = 0.0004, Holm p = 0.0012 (n=5) ✓' */
function comparisonText(c: Comparison): string {
  if (c.pValue === null) return `${c.hypothesis}: not tested (n=${c.n}, needs 2 seeds)`;
  return `${c.hypothesis}: ${pText('p', c.pValue)}, ${pText('Holm p', c.holmPValue!)} (n=${c.n}) ${c.significant ? '✓' : '✗'}`;
}

/** The words of each comparison (holds or fails), joined: 'rises, saturated'. */
export function outcomeWords(comparisons: readonly Comparison[]): string {
  return comparisons.map((c) => (c.pValue === null ? `${c.fails} (fewer than 2 seeds)` : c.significant ? c.holds : c.fails)).join(', ');
}

/** The tests of a finding with their thresholds and p-values, as printed with its verdict. */
export function testsText(comparisons: readonly Comparison[], alpha: number): string {
  if (comparisons.length === 0) return '';
  const family = Math.max(0, ...comparisons.map((c) => c.familySize));
  return ` [tests at α = ${alpha}, Holm over ${family} comparison${family === 1 ? '' : 's'}: ${comparisons.map(comparisonText).join('; ')}]`;
}
