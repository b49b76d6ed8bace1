// A quantity measured once per seed, summarised across seeds: mean, t interval and bootstrap interval.
import { bootstrapInterval, type BootstrapInterval, type BootstrapMethod } from './bootstrap-interval.js';
import { checkSample, type NanPolicyOption } from './sample-checks.js';
import { meanTInterval } from './t-interval.js';

export interface SummaryOptions extends NanPolicyOption {
  /** Seeds the bootstrap. Required. */
  seed: number;
  /** Default 0.95, for both intervals. */
  confidenceLevel?: number;
  /** Bootstrap resamples (default 9999). */
  nResamples?: number;
  /** Bootstrap method (default 'bca'). */
  method?: BootstrapMethod;
}

export interface Summary {
  /** Values used (after the NaN policy). */
  n: number;
  mean: number;
  /** Sample standard deviation (ddof = 1). */
  sd: number;
  standardError: number;
  confidenceLevel: number;
  /** Student-t interval of the mean. */
  tInterval: { low: number; high: number };
  /** Bootstrap interval of the mean. */
  bootstrap: BootstrapInterval;
}

/**
 * Both intervals of the mean, so a report can show the parametric one next to the one that does not assume
 * normality; with few seeds (5) they can differ noticeably. Needs at least 2 values.
 */
export function summarize(values: ArrayLike<number>, options: SummaryOptions): Summary {
  const sample = checkSample(values, 'values', { nanPolicy: options.nanPolicy, minLength: 2 });
  const t = meanTInterval(sample, { confidenceLevel: options.confidenceLevel });
  const bootstrap = bootstrapInterval(sample, {
    seed: options.seed,
    confidenceLevel: options.confidenceLevel,
    nResamples: options.nResamples,
    method: options.method,
  });
  return {
    n: t.n,
    mean: t.mean,
    sd: t.sd,
    standardError: t.standardError,
    confidenceLevel: t.confidenceLevel,
    tInterval: { low: t.low, high: t.high },
    bootstrap,
  };
}
