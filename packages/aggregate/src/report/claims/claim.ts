// What a report says about one claim of PROTOCOL section 7: findings, each with the statistics behind it.
import { summarize, type Summary } from '../../stats/summarize.js';

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
export function signed(x: number | null, digits = 3): string {
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
