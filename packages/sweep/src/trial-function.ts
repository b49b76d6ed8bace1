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

/** One trial of an ensemble: its id (also its folder's name) and its config. */
export interface EnsembleMemberTask {
  trialId: string;
  config: unknown;
}

/** The config an ensemble function gets: trials that differ only by their seed (the registration's groupKey). */
export interface EnsembleConfig {
  members: EnsembleMemberTask[];
}

/** One member's rows, as its trial function alone would have resolved them. */
export interface MemberRows {
  trialId: string;
  rows: MetricRow[];
}

export interface EnsembleFunctionResult {
  members: MemberRows[];
}

/**
 * Trains several trials together (a registration's `ensemble`), each as it would alone. ctx.checkpointDir is the
 * job's own folder; each member's folder is its sibling `<dirname(ctx.checkpointDir)>/<member trialId>`, the one the
 * member uses when it runs alone, so a member's checkpoint resumes either way. ctx.progress reports the job's share.
 */
export type EnsembleFunction = (config: EnsembleConfig, ctx: TrialFunctionContext) => Promise<EnsembleFunctionResult>;
