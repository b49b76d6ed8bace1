// What a report says about one claim of PROTOCOL section 7 (findings, each with the statistics behind it), what
// every claim computation receives, and the rules that turn intervals into verdicts.
import {
  pairedDifferences,
  summarize,
  summarizePairedDifferences,
  type PairedDifferencesOptions,
  type Row,
  type Summary,
} from '@clusterlens/stats';

import { SEEN_SPLITS, type TrialCurves, type TrialOutcome } from '../outcomes.js';
import type { SweepData } from '../read/sweep.js';

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
  /** Split, layer or outcome it is about, e.g. 'train' or 'unseen-samples, layer 5'. */
  scope: string;
  /** One line with the numbers, e.g. 'top-layer ARI rises from 0.05 to 0.91 (...)'. */
  text: string;
  /** supported / partly supported / not supported, or for comparisons positive / null / negative. */
  verdict: string;
  /** For comparisons: whether the sign means better or worse on this outcome (fewer steps is better). */
  assessment?: 'better' | 'worse';
  statistics: StatisticRow[];
}

export interface ClaimResult {
  id: ClaimId;
  /** The claim as PROTOCOL section 7 words it. */
  statement: string;
  /** How the verdicts are decided (our rule, shown with the findings). */
  rule: string;
  findings: Finding[];
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
  if (defined.length === 0) return { statistic: null, undefinedPairs, unmatched };
  if (defined.length === 1) {
    const only = defined[0].difference;
    return {
      statistic: { statistic: name, n: 1, estimate: only, tLow: null, tHigh: null, bootstrapLow: null, bootstrapHigh: null },
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
  return { statistic: statisticFromSummary(name, summary), undefinedPairs, unmatched };
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
  /** The intervention the others are compared with (C6). */
  baseline: string;
  /** Conditions in the sweep's order. */
  conditions: string[];
}

/** The splits on which C1-C3 are stated (SEEN_SPLITS), those present. */
export function seenSplits(context: ReportContext): string[] {
  return context.sweep.splits.filter((s) => (SEEN_SPLITS as readonly string[]).includes(s));
}

// ------------------------------------------------------------------------------------------------ verdict rules

// The rules that turn intervals into verdicts. They are ours, not the paper's (PROTOCOL marks what is whose):
// the report prints them next to the findings so a reader can apply a different rule to the same numbers.

/** C1: it saturates when the change over the last quarter of training is below this share of the whole rise. */
export const SATURATION_SHARE = 0.1;

/** C2: layer 0 "stays near its initial value" when the interval of its change lies within ± this much ARI. */
export const FLAT_LAYER_TOLERANCE = 0.05;

/** C3: validation tracks training when the per-trial correlation of the two curves has its lower bound above this... */
export const TRACKING_CORRELATION = 0.9;
/** ...and the interval of the final gap (validation - train) lies within ± this much ARI. */
export const TRACKING_GAP = 0.1;

/** C6, C7: the sign of a difference whose interval excludes 0; 'null' when it includes 0. */
export function differenceDirection(low: number | null, high: number | null): 'positive' | 'negative' | 'null' | 'undetermined' {
  if (low === null || high === null) return 'undetermined';
  if (low > 0) return 'positive';
  if (high < 0) return 'negative';
  return 'null';
}

/** Both parts -> supported; one -> partly; none -> not supported. */
export function combineVerdicts(parts: readonly boolean[]): string {
  const held = parts.filter(Boolean).length;
  return held === parts.length ? 'supported' : held > 0 ? 'partly supported' : 'not supported';
}
