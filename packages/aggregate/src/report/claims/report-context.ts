// What every claim computation receives: the sweep, its per-trial outcomes and the report's options.
import type { SweepData } from '../load-sweep.js';
import type { TrialCurves } from '../trial-curves.js';
import type { TrialOutcome } from '../trial-outcomes.js';
import type { StatisticOptions } from './claim.js';

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

/** The splits on which C1-C3 are stated, those present. */
export function seenSplits(context: ReportContext): string[] {
  return context.sweep.splits.filter((s) => s === 'train' || s === 'validation');
}
