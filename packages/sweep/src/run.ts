// runSweep: the coordinator. Plans, opens the store, runs what is not done yet, records every outcome.
//
// Resuming needs no bookkeeping of its own: the store says which trials are done, and each trial resumes from
// its own checkpoint folder. A coordinator killed at any point leaves a store that is consistent (every write
// is a transaction), possibly with trials marked running; the next run sets those back to pending.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { METRICS_LOG_FILE, writeMetricsLog, type MetricRow } from '@clusterlens/schema';

import { messageOf } from './errors.js';
import type { Executor, ExecutorTask } from './executors/executor.js';
import { LocalExecutor } from './executors/local.js';
import { LiveStatus } from './live-status.js';
import { plan, type PlannedTrial } from './plan.js';
import { ProgressTracker, type SweepEvent, type SweepProgress } from './progress.js';
import { getTrialFunction, type TrialFunctionRegistration } from './registry.js';
import { retryDelayMs } from './retry.js';
import { parseSweepSpec, type SweepSpec, type SweepSpecInput } from './spec.js';
import { SweepStore } from './store.js';

export interface RunSweepOptions {
  /**
   * The sweep folder: sweep.duckdb, status.json (a snapshot for readers while the store is locked) and
   * checkpoints/<trial id>/ (the trial's checkpoint and its live metrics.jsonl).
   */
  dir: string;
  /** Default: a LocalExecutor with the spec's (or these options') concurrency and threadsPerTrial. */
  executor?: Executor;
  concurrency?: number;
  threadsPerTrial?: number;
  oversubscribe?: boolean;
  /** Stops dispatching and asks running trials to checkpoint and stop; runSweep then resolves. */
  signal?: AbortSignal;
  onProgress?: (progress: SweepProgress) => void;
  onEvent?: (event: SweepEvent) => void;
  /** Attempts per trial in this run (default: the spec's maxAttempts). */
  maxAttempts?: number;
  /** First retry delay; doubles with each failed attempt. Default 1000 ms. */
  retryDelayMs?: number;
}

export interface SweepFailure {
  id: string;
  label: string;
  error: string;
}

export interface SweepResult {
  dir: string;
  total: number;
  /** Already done before this run. */
  skipped: number;
  done: number;
  failed: number;
  failures: SweepFailure[];
  /** True when the signal stopped the run; pending trials remain for the next run. */
  interrupted: boolean;
  seconds: number;
}

export async function runSweep(input: SweepSpec | SweepSpecInput, options: RunSweepOptions): Promise<SweepResult> {
  const spec = parseSweepSpec(input);
  const registration = getTrialFunction(spec.trial);
  const trials = plan(spec, registration);
  const dir = resolve(options.dir);
  // Before the store: a thread budget error should not leave an empty sweep folder behind.
  const executor =
    options.executor ??
    new LocalExecutor({
      concurrency: options.concurrency ?? spec.concurrency,
      threadsPerTrial: options.threadsPerTrial ?? spec.threadsPerTrial,
      oversubscribe: options.oversubscribe ?? false,
    });
  const store = await SweepStore.open(dir).catch(async (error: unknown) => {
    if (!options.executor) await executor.close();
    throw error;
  });
  try {
    await store.addTrials(trials);
    await store.resetRunning();
    const status = new Map((await store.trials()).map((t) => [t.id, t.status]));
    const todo = trials.filter((t) => status.get(t.id) !== 'done');
    const live = new LiveStatus(dir, { progress: () => run.snapshot(), trials: () => store.trials() });
    const run = new Coordinator(dir, store, executor, registration, {
      maxAttempts: options.maxAttempts ?? spec.maxAttempts,
      retryDelayMs: options.retryDelayMs ?? 1000,
      signal: options.signal,
      onProgress: options.onProgress,
      onEvent: options.onEvent,
      onChange: () => live.changed(),
      total: trials.length,
    });
    let result: SweepResult | undefined;
    try {
      result = await run.run(todo);
      return result;
    } finally {
      await live.close(result && !result.interrupted ? 'finished' : 'stopped');
    }
  } finally {
    if (!options.executor) await executor.close();
    await store.close();
  }
}

interface CoordinatorOptions {
  maxAttempts: number;
  retryDelayMs: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: SweepProgress) => void) | undefined;
  onEvent: ((event: SweepEvent) => void) | undefined;
  /** Anything a reader of the sweep's status could see changed. */
  onChange: () => void;
  total: number;
}

/** A trial to run alone, or several to run as one ensemble job (first attempts only). */
interface QueuedJob {
  trials: PlannedTrial[];
  attempts: number;
  /** Not before this time (ms since the epoch): retries wait out their backoff. */
  notBefore: number;
}

type Outcome = { ok: true; rows: MetricRow[]; host?: string } | { ok: false; error: unknown };

class Coordinator {
  readonly #stop = new AbortController();
  readonly #failures: SweepFailure[] = [];
  /** A store write (or a callback) that failed: results can no longer be trusted to be recorded, so the sweep stops. */
  #fatal: unknown;
  #tracker!: ProgressTracker;
  /** Store writes not yet committed; the run ends only when they are. */
  readonly #writes = new Set<Promise<void>>();
  #wake: () => void = () => undefined;

  constructor(
    readonly dir: string,
    readonly store: SweepStore,
    readonly executor: Executor,
    readonly registration: TrialFunctionRegistration,
    readonly options: CoordinatorOptions,
  ) {}

  snapshot(): SweepProgress {
    return this.#tracker.snapshot();
  }

  async run(todo: PlannedTrial[]): Promise<SweepResult> {
    const { signal } = this.options;
    const onAbort = () => this.#stop.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#stop.signal.addEventListener('abort', () => this.#wake(), { once: true });
    this.#tracker = new ProgressTracker(this.options.total, this.options.total - todo.length, this.executor.concurrency);
    this.#report();

    // Jobs in plan order; retries wait aside until their backoff is over.
    const ready: QueuedJob[] = groupJobs(todo, this.registration).map((trials) => ({ trials, attempts: 0, notBefore: 0 }));
    let head = 0;
    const waiting: QueuedJob[] = [];
    const running = new Set<Promise<void>>();
    try {
      while (!this.#stop.signal.aborted) {
        const now = Date.now();
        for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i]!.notBefore <= now) ready.push(...waiting.splice(i, 1));
        while (running.size < this.executor.concurrency && head < ready.length) {
          const attempt = this.#attempt(ready[head++]!, (retry) => {
            waiting.push(retry);
            this.#wake();
          }).finally(() => {
            running.delete(attempt);
            this.#wake();
          });
          running.add(attempt);
        }
        if (running.size === 0 && head === ready.length && waiting.length === 0) break;
        const nextRetry = waiting.reduce((t, w) => Math.min(t, w.notBefore), Infinity);
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((wake) => {
          this.#wake = wake;
          if (nextRetry < Infinity) timer = setTimeout(wake, Math.max(0, nextRetry - Date.now()));
        });
        clearTimeout(timer);
      }
      await Promise.all(running);
      await Promise.all(this.#writes);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (this.#fatal !== undefined) throw this.#fatal;
    const progress = this.#tracker.snapshot();
    return {
      dir: this.dir,
      total: progress.total,
      skipped: progress.skipped,
      done: progress.done,
      failed: progress.failed,
      failures: this.#failures,
      interrupted: signal?.aborted ?? false,
      seconds: progress.elapsedSeconds,
    };
  }

  /**
   * One attempt of one job (a trial alone, or an ensemble of trials); resolves when its slot is free (its outcome is
   * then being recorded). Never rejects.
   */
  async #attempt(job: QueuedJob, requeue: (retry: QueuedJob) => void): Promise<void> {
    const { trials } = job;
    const attempt = job.attempts + 1;
    const startedAt = new Date();
    // Not awaited before the trials start: the store orders its writes, so these land before the results do.
    const marked = Promise.all(trials.map((trial) => this.store.markRunning(trial.id, this.executor.host, startedAt)));
    for (const trial of trials) {
      this.#tracker.start(trial, attempt);
      this.#emit({ type: 'started', trial, attempt });
    }

    let outcomes: Outcome[];
    try {
      const result = await this.executor.run(this.#task(trials), {
        signal: this.#stop.signal,
        onProgress: (p) => trials.forEach((trial) => this.#progress(trial.id, p)),
      });
      outcomes = trials.map((trial): Outcome => {
        const rows = trials.length === 1 ? result.rows : result.members?.find((m) => m.trialId === trial.id)?.rows;
        if (rows) return { ok: true, rows, ...(result.host ? { host: result.host } : {}) };
        return { ok: false, error: new Error(`the ensemble job returned no rows for trial ${trial.id}`) };
      });
    } catch (error) {
      outcomes = trials.map(() => ({ ok: false, error }));
    }
    const finishedAt = new Date();
    const times = { startedAt, finishedAt, marked, inEnsemble: trials.length > 1 };
    trials.forEach((trial, i) => this.#record(trial, attempt, outcomes[i]!, times, requeue));
    this.#report();
  }

  /** What the executor runs: the trial alone, or its ensemble function over the trials (members). */
  #task(trials: PlannedTrial[]): ExecutorTask {
    const { registration } = this;
    if (trials.length === 1) {
      const [trial] = trials;
      const { module, export: exported } = registration;
      return { trialId: trial!.id, module, export: exported, config: trial!.config, checkpointDir: join(this.dir, 'checkpoints', trial!.id) };
    }
    const id = ensembleJobId(trials);
    const members = trials.map((trial) => ({ trialId: trial.id, config: trial.config }));
    const ensemble = { export: registration.ensemble!.export, ensemble: true };
    return { trialId: id, module: registration.module, ...ensemble, config: { members }, checkpointDir: join(this.dir, 'checkpoints', id) };
  }

  /**
   * Records one trial's outcome of an attempt. A retry of a failed one is queued alone; a member of a failed ensemble
   * job runs alone next whatever the error, at once, and the job's attempt does not count against maxAttempts (the
   * failure may be the job's, not the trial's).
   */
  #record(
    trial: PlannedTrial,
    attempt: number,
    outcome: Outcome,
    times: { startedAt: Date; finishedAt: Date; marked: Promise<unknown>; inEnsemble: boolean },
    requeue: (retry: QueuedJob) => void,
  ): void {
    const { finishedAt } = times;
    const seconds = (finishedAt.getTime() - times.startedAt.getTime()) / 1000;

    // The slot is free once the trial has stopped: recording runs behind, so a commit never holds up the next
    // trial. The store applies writes in order, so this trial's writes land before those of its retry. Counts
    // and events follow the commit, so that "done" always means "stored".
    this.#tracker.release(trial.id);
    let write: Promise<void>;
    let recorded: () => void;
    if (outcome.ok) {
      const { rows, host } = outcome;
      write = Promise.all([
        this.store.recordResult(trial.id, rows, { finishedAt, seconds, ...(host ? { host } : {}) }),
        this.#writeMetricsLog(trial.id, rows),
      ]).then(() => undefined);
      recorded = () => {
        this.#tracker.count('done', seconds);
        this.#emit({ type: 'done', trial, seconds });
      };
    } else if (this.#stop.signal.aborted) {
      write = this.store.markInterrupted(trial.id, 'interrupted: the sweep was stopped; the trial resumes from its checkpoint on the next run');
      recorded = () => {
        this.#tracker.count('again');
        this.#emit({ type: 'interrupted', trial });
      };
    } else {
      const error = messageOf(outcome.error);
      const delayMs = times.inEnsemble ? 0 : retryDelayMs(outcome.error, attempt, this.options.maxAttempts, this.options.retryDelayMs);
      write = this.store.recordFailure(trial.id, { error, finishedAt, seconds, final: delayMs === undefined });
      if (delayMs !== undefined) {
        this.#tracker.count('again');
        requeue({ trials: [trial], attempts: times.inEnsemble ? attempt - 1 : attempt, notBefore: Date.now() + delayMs });
        // Told now, not after the commit: the retry may start before the commit returns.
        this.#emit({ type: 'retry', trial, attempt, error, delayMs });
        recorded = () => undefined;
      } else {
        this.#failures.push({ id: trial.id, label: trial.label, error });
        recorded = () => {
          this.#tracker.count('failed');
          this.#emit({ type: 'failed', trial, attempts: attempt, error });
        };
      }
    }
    const done = Promise.all([times.marked, write]).then(
      () => {
        recorded();
        this.#report();
      },
      (storeError: unknown) => this.#fail(storeError),
    );
    this.#writes.add(done);
    void done.finally(() => this.#writes.delete(done));
  }

  /**
   * The finished trial's rows in its folder's metrics.jsonl, as a reader of a running sweep finds them: the trial
   * wrote the same rows there if it ran on this machine; a queue worker's trial wrote them on its own machine.
   */
  async #writeMetricsLog(id: string, rows: readonly MetricRow[]): Promise<void> {
    const folder = join(this.dir, 'checkpoints', id);
    await mkdir(folder, { recursive: true });
    await writeMetricsLog(join(folder, METRICS_LOG_FILE), rows, id);
  }

  #progress(id: string, progress: { fraction: number; message?: string }): void {
    this.#tracker.progress(id, progress);
    this.#report();
  }

  #report(): void {
    this.options.onChange();
    try {
      this.options.onProgress?.(this.#tracker.snapshot());
    } catch (error) {
      this.#fail(error);
    }
  }

  #emit(event: SweepEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Stops the sweep with this error (a store write or a callback failed); runSweep rejects with it. */
  #fail(error: unknown): void {
    this.#fatal ??= error;
    this.#stop.abort(error);
  }
}

/**
 * The trials as jobs, in plan order: each alone, except trials whose configs the registration's ensemble groups (the
 * same groupKey), which run together, at most maxMembers to a job, placed where their first trial is.
 */
export function groupJobs(trials: readonly PlannedTrial[], registration: TrialFunctionRegistration): PlannedTrial[][] {
  const { ensemble } = registration;
  if (!ensemble) return trials.map((trial) => [trial]);
  const maxMembers = ensemble.maxMembers ?? 64;
  const jobs: PlannedTrial[][] = [];
  const open = new Map<string, PlannedTrial[]>();
  for (const trial of trials) {
    const key = ensemble.groupKey(trial.config);
    if (key === undefined) {
      jobs.push([trial]);
      continue;
    }
    let job = open.get(key);
    if (!job || job.length >= maxMembers) {
      job = [];
      open.set(key, job);
      jobs.push(job);
    }
    job.push(trial);
  }
  return jobs;
}

/** An ensemble job's id: the same for the same members, so a restarted coordinator's job is the same job. */
function ensembleJobId(trials: readonly PlannedTrial[]): string {
  return `ensemble-${createHash('sha256').update(trials.map((t) => t.id).join(',')).digest('hex').slice(0, 16)}`;
}
