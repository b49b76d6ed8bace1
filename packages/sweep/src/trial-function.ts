// The contract between the sweep and the code it runs. The sweep knows nothing else about a trial.

/** One measurement; the same columns as the store's `metrics` table. */
export interface TrialRow {
  split: string;
  /** A layer index, or null for whole-model measures (loss, accuracy). */
  layer: number | null;
  step: number;
  metric: string;
  value: number;
}

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
  rows: TrialRow[];
}

/**
 * What a trial module exports. It runs in a worker thread: everything it needs must come from its config and
 * context, and its result must survive structured cloning.
 */
export type TrialFunction = (config: unknown, ctx: TrialFunctionContext) => Promise<TrialFunctionResult>;
