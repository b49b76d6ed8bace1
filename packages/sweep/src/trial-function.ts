// The contract between the sweep and the code it runs. The sweep knows nothing else about a trial.
import type { MetricRow } from '@clusterlens/schema';

export interface TrialProgress {
  /** Share of the trial done, in [0, 1]. */
  fraction: number;
  message?: string;
}

export interface TrialFunctionContext {
  trialId: string;
  /** Threads the trial may use: the executor's threadsPerTrial, never more than its share of the cores. */
  threads: number;
  /** This trial's own folder; a trial started again with it must resume from what it saved there. */
  checkpointDir: string;
  /** Aborted when the sweep stops (Ctrl-C): save a checkpoint and reject soon. */
  signal: AbortSignal;
  progress(progress: TrialProgress): void;
}

export interface TrialFunctionResult {
  /** One row per measurement; the columns of the store's `metrics` table (schema's METRIC_COLUMNS). */
  rows: MetricRow[];
}

/**
 * What a trial module exports. It runs in a worker thread: everything it needs must come from its config and
 * context, and its result must survive structured cloning. A failure that another attempt cannot fix (a bad config)
 * should be a UserError from @clusterlens/schema, or any error with `retryable: false`: the sweep does not retry it.
 */
export type TrialFunction = (config: unknown, ctx: TrialFunctionContext) => Promise<TrialFunctionResult>;
