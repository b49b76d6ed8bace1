// runSweepTask: one slice of a sweep's plan run without a coordinator or a store (a Slurm array task). Each trial
// runs in a worker thread with its checkpoint in <sweep dir>/checkpoints/<trial id>/ and leaves its outcome there as
// result.json; `collectSweep` later records those in the store. Trials whose result.json says done are skipped, and
// an interrupted trial resumes from its checkpoint, so a task started again (requeued) picks up where it stopped.
import { setTimeout as sleep } from 'node:timers/promises';
import { resolve } from 'node:path';

import { messageOf } from './errors.js';
import type { Executor } from './executors/executor.js';
import { LocalExecutor } from './executors/local.js';
import { plan, type PlannedTrial } from './plan.js';
import { getTrialFunction } from './registry.js';
import { readTrialResult, trialFolder, writeTrialResult } from './result-file.js';
import { retryDelayMs } from './retry.js';
import { parseSweepSpec, type SweepSpec, type SweepSpecInput } from './spec.js';
import type { TrialProgress } from './trial-function.js';

export interface SweepTaskOptions {
  /** The sweep folder: trials write to checkpoints/<trial id>/. */
  dir: string;
  /** The task's index, from 0 (Slurm's SLURM_ARRAY_TASK_ID). */
  task: number;
  /** Trials per task: task i runs trials i*n .. i*n+n-1 of the plan. Default 1. */
  trialsPerTask?: number;
  /** Default: the spec's threadsPerTrial. */
  threadsPerTrial?: number;
  /** Aborting asks the running trial to save a checkpoint and stop; no further trial starts. */
  signal?: AbortSignal;
  /** Attempts per trial (default: the spec's maxAttempts); user errors are never retried. */
  maxAttempts?: number;
  /** First retry delay; doubles with each failed attempt. Default 1000 ms. */
  retryDelayMs?: number;
  onEvent?: (event: SweepTaskEvent) => void;
  /** Default: a LocalExecutor running one trial at a time. */
  executor?: Executor;
}

export type SweepTaskEvent =
  | { type: 'skipped'; trial: PlannedTrial }
  | { type: 'started'; trial: PlannedTrial; attempt: number }
  | { type: 'progress'; trial: PlannedTrial; progress: TrialProgress }
  | { type: 'done'; trial: PlannedTrial; seconds: number }
  | { type: 'retry'; trial: PlannedTrial; attempt: number; error: string; delayMs: number }
  | { type: 'failed'; trial: PlannedTrial; attempts: number; error: string }
  | { type: 'interrupted'; trial: PlannedTrial; error: string };

export interface SweepTaskResult {
  /** The trials of this task, in plan order. */
  trials: PlannedTrial[];
  done: number;
  /** Done before this run (their result.json says so). */
  skipped: number;
  failed: number;
  /** True when the signal stopped the task; the rest resumes when it runs again. */
  interrupted: boolean;
}

/** How many tasks a plan of `total` trials needs at `trialsPerTask` each. */
export function taskCount(total: number, trialsPerTask: number): number {
  return Math.ceil(total / trialsPerTask);
}

/** The trials task `task` runs; an index past the plan is an error naming the valid range. */
export function taskTrials(trials: readonly PlannedTrial[], task: number, trialsPerTask: number): PlannedTrial[] {
  if (!Number.isInteger(trialsPerTask) || trialsPerTask < 1) throw new RangeError(`trialsPerTask must be a positive integer, got ${trialsPerTask}`);
  const tasks = taskCount(trials.length, trialsPerTask);
  if (!Number.isInteger(task) || task < 0 || task >= tasks) {
    throw new RangeError(
      `task ${task} does not exist: ${trials.length} trials at ${trialsPerTask} per task make tasks 0..${tasks - 1}; ` +
        'use the --array range the script was written with, or the same --trials-per-task',
    );
  }
  return trials.slice(task * trialsPerTask, (task + 1) * trialsPerTask);
}

export async function runSweepTask(input: SweepSpec | SweepSpecInput, options: SweepTaskOptions): Promise<SweepTaskResult> {
  const spec = parseSweepSpec(input);
  const registration = getTrialFunction(spec.trial);
  const trials = taskTrials(plan(spec, registration), options.task, options.trialsPerTask ?? 1);
  const dir = resolve(options.dir);
  const maxAttempts = options.maxAttempts ?? spec.maxAttempts;
  const retryBaseMs = options.retryDelayMs ?? 1000;
  const signal = options.signal ?? new AbortController().signal;
  const emit = options.onEvent ?? (() => undefined);
  const executor: Executor = options.executor ?? new LocalExecutor({ concurrency: 1, threadsPerTrial: options.threadsPerTrial ?? spec.threadsPerTrial });
  const result: SweepTaskResult = { trials, done: 0, skipped: 0, failed: 0, interrupted: false };
  try {
    for (const trial of trials) {
      if (signal.aborted) break;
      const folder = trialFolder(dir, trial.id);
      if ((await readTrialResult(folder))?.status === 'done') {
        result.skipped++;
        emit({ type: 'skipped', trial });
        continue;
      }
      const startedAt = new Date();
      for (let attempt = 1; ; attempt++) {
        emit({ type: 'started', trial, attempt });
        const outcome = await executor
          .run(
            { trialId: trial.id, module: registration.module, export: registration.export, config: trial.config, checkpointDir: folder },
            { signal, onProgress: (progress) => emit({ type: 'progress', trial, progress }) },
          )
          .then((value) => ({ ok: true as const, rows: value.rows, host: value.host }), (error: unknown) => ({ ok: false as const, error }));
        const finishedAt = new Date();
        const timing = {
          id: trial.id,
          label: trial.label,
          host: (outcome.ok ? outcome.host : undefined) ?? executor.host,
          startedAt: startedAt.toISOString(),
          finishedAt: finishedAt.toISOString(),
          seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
          codeVersion: trial.codeVersion,
        };
        if (outcome.ok) {
          await writeTrialResult(folder, { ...timing, status: 'done', rows: outcome.rows });
          result.done++;
          emit({ type: 'done', trial, seconds: timing.seconds });
          break;
        }
        const error = messageOf(outcome.error);
        if (signal.aborted) {
          // No result: the trial resumes from the checkpoint it just saved when the task runs again.
          result.interrupted = true;
          emit({ type: 'interrupted', trial, error });
          break;
        }
        const delayMs = retryDelayMs(outcome.error, attempt, maxAttempts, retryBaseMs);
        if (delayMs !== undefined) {
          emit({ type: 'retry', trial, attempt, error, delayMs });
          await sleep(delayMs, undefined, { signal }).catch(() => undefined);
          if (!signal.aborted) continue;
          result.interrupted = true;
          emit({ type: 'interrupted', trial, error: 'stopped while waiting to retry' });
          break;
        }
        await writeTrialResult(folder, { ...timing, status: 'failed', error, attempts: attempt });
        result.failed++;
        emit({ type: 'failed', trial, attempts: attempt, error });
        break;
      }
    }
  } finally {
    if (!options.executor) await executor.close();
  }
  result.interrupted ||= signal.aborted && result.done + result.skipped + result.failed < trials.length;
  return result;
}
