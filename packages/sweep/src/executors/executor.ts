// What the coordinator needs from an executor: run one attempt of one trial somewhere, report progress, stop on
// request. Retries, the store and the order of trials stay with the coordinator, so every executor (local pool,
// queue, Slurm) behaves the same.
import type { MemberRows, TrialFunctionResult, TrialProgress } from '../trial-function.js';

export interface ExecutorTask {
  /** The trial's id; for an ensemble job, the job's own (its members' ids are in its config). */
  trialId: string;
  /** The trial function: a module URL importable where the trial runs, and its export name (an ensemble's, for a job). */
  module: string;
  export: string;
  /** The trial's config; for an ensemble job, an EnsembleConfig. */
  config: unknown;
  /** An ensemble job: `export` is the registration's ensemble function (a queue worker resolves it by this flag). */
  ensemble?: boolean;
  /** The trial's checkpoint folder; the same on every attempt, so a restarted trial resumes. */
  checkpointDir: string;
}

export interface ExecutorRunOptions {
  /** Aborting asks the trial to save a checkpoint and stop; run() then rejects. */
  signal: AbortSignal;
  onProgress?: (progress: TrialProgress) => void;
}

/**
 * A trial's result, and the machine it ran on when that is not the executor's own host (a queue worker). An ensemble
 * job's rows are its members' (`members`), and `rows` is empty.
 */
export interface ExecutorResult extends TrialFunctionResult {
  members?: MemberRows[];
  host?: string;
}

export interface Executor {
  /** Trials the coordinator keeps in flight at once. */
  readonly concurrency: number;
  readonly threadsPerTrial: number;
  /** Recorded as the trials' host. */
  readonly host: string;
  /** One attempt; rejects with a TrialError (or any error: retried unless its `retryable` field is false). */
  run(task: ExecutorTask, options: ExecutorRunOptions): Promise<ExecutorResult>;
  close(): Promise<void>;
}

/**
 * A failed attempt, as it crosses a thread or machine boundary: the original error's name and its `retryable` field
 * (false for a UserError of any package) survive, so schema's isRetryable decides on it as on the original.
 */
export class TrialError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { name: string; retryable: boolean; stack?: string }) {
    super(message);
    this.name = options.name;
    this.retryable = options.retryable;
    if (options.stack) this.stack = options.stack;
  }
}
