// What a report says about one claim of PROTOCOL section 7 (findings, each with the statistics and the tests behind
// it), what every claim computation receives, and how drafts of findings are decided (the rules: claims/verdicts.ts).
import {
  pairedDifferences,
  summarize,
  summarizePairedDifferences,
  type PairedDifferencesOptions,
  type Row,
  type Summary,
} from '@clusterlens/stats';

import { TRAIN_AND_VALIDATION, type TrialCurves, type TrialOutcome } from '../outcomes.js';
import type { SweepData } from '../read/sweep.js';
import {
  claimVerdict,
  correctFamily,
  directionVerdict,
  outcomeWords,
  testsText,
  type ClaimVerdict,
  type Comparison,
  type DirectionVerdict,
  type VerdictThresholds,
} from './verdicts.js';

// ------------------------------------------------------------------------------------------------ claims and findings

export type ClaimId = 'C1' | 'C2' | 'C3' | 'C4' | 'C5' | 'C6' | 'C7';

/** One quantity with its intervals (t and bootstrap, both at the report's confidence level). */
export interface StatisticRow {
  statistic: string;
  n: number;
  estimate: number;
  tLow: number | null;
  tHigh: number | null;
  bootstrapLow: number | null;
  bootstrapHigh: number | null;
}

export interface Finding {
  /** Condition (intervention) the finding is about; a comparison names both arms. */
  condition: string;
  /** Split, layer or outcome it is about, e.g. 'train' or 'unseen-distribution, top layer'. */
  scope: string;
  /** One line with the numbers, the outcome of each test and the tests with their thresholds and p-values. */
  text: string;
  /** supported / partly supported / not supported / not assessed, or for comparisons positive / null / negative / not assessed. */
  verdict: ClaimVerdict | DirectionVerdict;
  /** For comparisons: whether the sign means better or worse on this outcome (fewer steps is better). */
  assessment?: 'better' | 'worse';
  /** The tests the verdict rests on (none for a finding that cannot be assessed). */
  comparisons: Comparison[];
  statistics: StatisticRow[];
}

/** A claim's verdict for one condition: all of its comparisons there, Holm-corrected together. */
export interface ConditionVerdict {
  condition: string;
  verdict: ClaimVerdict;
  /** Comparisons of the claim for this condition, those with a p-value, and those significant after Holm. */
  comparisons: number;
  tested: number;
  significant: number;
}

export interface ClaimResult {
  id: ClaimId;
  /** The claim as PROTOCOL section 7 words it. */
  statement: string;
  /** How the verdicts are decided (our rule, with its thresholds, shown with the findings). */
  rule: string;
  findings: Finding[];
  /** Per condition, the claim's verdict over all its comparisons (C1-C5; empty for the comparisons C6 and C7). */
  verdicts: ConditionVerdict[];
  /** Why the data cannot speak to the claim and what sweep would; set when there are no findings. */
  notAssessed?: string;
}

export interface StatisticOptions {
  seed: number;
  confidenceLevel: number;
  /** Resamples of every bootstrap; undefined: the library defaults (9999 BCa, 50000 stratified as rliable). */
  nResamples?: number;
}

/**
 * Mean of per-seed values with its t and BCa bootstrap intervals (NaN left out). With one value there is no
 * interval; with none the statistic is absent.
 */
export function statisticOf(name: string, values: readonly number[], options: StatisticOptions): StatisticRow | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  if (finite.length === 1) {
    return { statistic: name, n: 1, estimate: finite[0], tLow: null, tHigh: null, bootstrapLow: null, bootstrapHigh: null };
  }
  return statisticFromSummary(name, summarize(finite, { seed: options.seed, confidenceLevel: options.confidenceLevel, nResamples: options.nResamples }));
}

/** A library Summary (t and bootstrap intervals of a mean) as a statistic row. */
export function statisticFromSummary(name: string, summary: Summary): StatisticRow {
  const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    statistic: name,
    n: summary.n,
    estimate: summary.mean,
    tLow: summary.tInterval.low,
    tHigh: summary.tInterval.high,
    bootstrapLow: finiteOrNull(summary.bootstrap.low),
    bootstrapHigh: finiteOrNull(summary.bootstrap.high),
  };
}

/** 0.912; 480.5; 1200: three decimals for metrics, fewer for step counts. */
export function num(x: number | null, digits = 3): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  const fixed = Math.abs(x) >= 1000 ? x.toFixed(0) : Math.abs(x) >= 100 ? x.toFixed(Math.min(digits, 1)) : x.toFixed(digits);
  // '-0.000' reads as a negative number that is not there.
  return /^-0\.?0*$/.test(fixed) ? fixed.slice(1) : fixed;
}

/** +0.912 */
function signed(x: number | null, digits = 3): string {
  const text = num(x, digits);
  return x !== null && Number.isFinite(x) && x > 0 && text !== num(0, digits) ? `+${text}` : text;
}

export interface IntervalFormat {
  /** Write a + on positive estimates (differences). */
  signed?: boolean;
  /** Decimals (default 3; step counts read better with 1). */
  digits?: number;
}

function formatInterval(s: StatisticRow, low: number | null, high: number | null, format: IntervalFormat): string {
  const { digits = 3 } = format;
  const estimate = format.signed ? signed(s.estimate, digits) : num(s.estimate, digits);
  return low === null ? `${estimate} (n=${s.n}, no interval)` : `${estimate} [${num(low, digits)}, ${num(high, digits)}]`;
}

/** '0.91 [0.88, 0.94]' with the t interval; the estimate alone when there is no interval. */
export function withTInterval(s: StatisticRow, format: IntervalFormat = {}): string {
  return formatInterval(s, s.tLow, s.tHigh, format);
}

/** Same with the bootstrap interval. */
export function withBootstrapInterval(s: StatisticRow, format: IntervalFormat = {}): string {
  return formatInterval(s, s.bootstrapLow, s.bootstrapHigh, format);
}

// ------------------------------------------------------------------------------------------------ paired comparisons

// A paired comparison as a statistic row, through the library's summarizePairedDifferences: pairs whose
// difference is undefined (NaN) are left out and counted, and fewer than 2 pairs give no interval.

export interface PairedStatistic {
  statistic: StatisticRow | null;
  /** The defined differences (treatment - control), one per pair, in the pairs' order. */
  differences: number[];
  /** Pairs left out because one side was undefined (NaN). */
  undefinedPairs: number;
  /** Units present in one arm only. */
  unmatched: number;
}

export function pairedStatistic(
  name: string,
  rows: readonly Row[],
  pairing: PairedDifferencesOptions,
  options: StatisticOptions,
): PairedStatistic {
  const all = pairedDifferences(rows, pairing);
  const unmatched = all.unmatchedTreatment.length + all.unmatchedControl.length;
  const defined = all.pairs.filter((p) => Number.isFinite(p.difference));
  const undefinedPairs = all.pairs.length - defined.length;
  const differences = defined.map((p) => p.difference);
  if (defined.length === 0) return { statistic: null, differences, undefinedPairs, unmatched };
  if (defined.length === 1) {
    const only = defined[0].difference;
    return {
      statistic: { statistic: name, n: 1, estimate: only, tLow: null, tHigh: null, bootstrapLow: null, bootstrapHigh: null },
      differences,
      undefinedPairs,
      unmatched,
    };
  }
  const { summary } = summarizePairedDifferences(rows, {
    ...pairing,
    seed: options.seed,
    confidenceLevel: options.confidenceLevel,
    nResamples: options.nResamples,
    nanPolicy: 'omit',
  });
  return { statistic: statisticFromSummary(name, summary), differences, undefinedPairs, unmatched };
}

// ------------------------------------------------------------------------------------------------ context

/** What every claim computation receives: the sweep, its per-trial outcomes and the report's options. */
export interface ReportContext {
  sweep: SweepData;
  curves: TrialCurves;
  outcomes: TrialOutcome[];
  /** Seed, confidence level and resamples of every interval. */
  statistics: StatisticOptions;
  /** ARI level for emergence and steps-to-threshold. */
  threshold: number;
  /** Every threshold the verdicts depend on, and α. */
  thresholds: VerdictThresholds;
  /** The intervention the others are compared with (C6). */
  baseline: string;
  /** Conditions in the sweep's order. */
  conditions: string[];
}

/** The splits on which C1 and C2 are stated (train and validation), those present. */
export function trainAndValidation(context: ReportContext): string[] {
  return context.sweep.splits.filter((s) => (TRAIN_AND_VALIDATION as readonly string[]).includes(s));
}

/**
 * Why a claim on the synthetic conditions (C1-C4) has no finding: every condition of the sweep is a natural-suite
 * one, which C5 reads instead, or else what the sweep lacks (`missing`).
 */
export function syntheticNotAssessed(context: ReportContext, conditions: readonly string[], missing: string): string {
  if (conditions.length === 0 && context.conditions.length > 0) {
    return 'every condition of this sweep uses the natural suite (data.kind: natural): C5 reads them with the C1 and C2 rules';
  }
  return missing;
}

// ------------------------------------------------------------------------------------------------ deciding findings

// A claim builds its findings as drafts: the numbers in words and the comparisons, not yet decided. The verdicts
// come after Holm's correction over each condition's family (claims/verdicts.ts), and with them the words.

export interface DraftFinding {
  condition: string;
  scope: string;
  /** The numbers, before the verdict's words. */
  text: string;
  comparisons: Comparison[];
  statistics: StatisticRow[];
  /** Words after the tests (a sanity check that is not part of the verdict). */
  note?: string;
  /** Comparisons between conditions: whether a higher value is better on this outcome. */
  higherIsBetter?: boolean;
}

/** Families of comparisons: one per finding condition (a claim's comparisons for one condition, or one pair of arms). */
function correctByCondition(drafts: readonly DraftFinding[], alpha: number): void {
  for (const condition of new Set(drafts.map((d) => d.condition))) {
    correctFamily(drafts.filter((d) => d.condition === condition).flatMap((d) => d.comparisons), alpha);
  }
}

/** C1-C5: Holm per condition, each finding's verdict from its comparisons, and each condition's verdict from all of them. */
export function decideClaim(drafts: readonly DraftFinding[], alpha: number): { findings: Finding[]; verdicts: ConditionVerdict[] } {
  correctByCondition(drafts, alpha);
  const findings = drafts.map((d): Finding => {
    const verdict = claimVerdict(d.comparisons);
    const words = d.comparisons.length > 0 ? `: ${outcomeWords(d.comparisons)}` : '';
    return {
      condition: d.condition,
      scope: d.scope,
      text: `${d.text}${words}${testsText(d.comparisons, alpha)}${d.note ? `; ${d.note}` : ''}`,
      verdict,
      comparisons: d.comparisons,
      statistics: d.statistics,
    };
  });
  const verdicts = [...new Set(drafts.map((d) => d.condition))].map((condition): ConditionVerdict => {
    const comparisons = drafts.filter((d) => d.condition === condition).flatMap((d) => d.comparisons);
    return {
      condition,
      verdict: claimVerdict(comparisons),
      comparisons: comparisons.length,
      tested: comparisons.filter((c) => c.pValue !== null).length,
      significant: comparisons.filter((c) => c.significant).length,
    };
  });
  return { findings, verdicts };
}

/** C6, C7: one two-sided comparison per finding, Holm per pair of arms; positive / negative / null and better / worse. */
export function decideDirections(drafts: readonly DraftFinding[], alpha: number): Finding[] {
  correctByCondition(drafts, alpha);
  return drafts.map((d): Finding => {
    const [c] = d.comparisons;
    const verdict = directionVerdict(c);
    const significant = verdict === 'positive' || verdict === 'negative';
    const assessment = significant && d.higherIsBetter !== undefined ? ((verdict === 'positive') === d.higherIsBetter ? 'better' : 'worse') : undefined;
    const words = assessment ?? (verdict === 'null' ? 'no difference shown' : verdict === 'not assessed' ? 'fewer than 2 seed pairs' : verdict);
    return {
      condition: d.condition,
      scope: d.scope,
      text: `${d.text}: ${verdict} (${words})${testsText(d.comparisons, alpha)}`,
      verdict,
      ...(assessment ? { assessment } : {}),
      comparisons: d.comparisons,
      statistics: d.statistics,
    };
  });
}

/** 0.95 -> '95%'. */
export function percent(level: number): string {
  return `${Math.round(level * 100)}%`;
}
