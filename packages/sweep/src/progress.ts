// What a sweep reports while it runs: counts, the trials in flight, and an estimate of the time left.
import type { PlannedTrial } from './plan.js';
import type { TrialProgress } from './trial-function.js';

export interface RunningTrial {
  id: string;
  label: string;
  /** 1 on the first attempt of this run. */
  attempt: number;
  fraction: number;
  message?: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
}

export interface SweepProgress {
  /** Trials in the plan. */
  total: number;
  /** Done before this run started (stored results, not run again). */
  skipped: number;
  /** Finished in this run. */
  done: number;
  /** Failed for good in this run (attempts used up, or a configuration error). */
  failed: number;
  running: RunningTrial[];
  /** Waiting to start, retries included. */
  pending: number;
  elapsedSeconds: number;
  /** Undefined until there is something to estimate from. */
  etaSeconds?: number;
}

export type SweepEvent =
  | { type: 'started'; trial: PlannedTrial; attempt: number }
  | { type: 'done'; trial: PlannedTrial; seconds: number }
  | { type: 'retry'; trial: PlannedTrial; attempt: number; error: string; delayMs: number }
  | { type: 'failed'; trial: PlannedTrial; attempts: number; error: string }
  | { type: 'interrupted'; trial: PlannedTrial };

/** A running trial's own estimate is trusted once it is this far along; before that, the mean of finished ones. */
const MIN_FRACTION_FOR_ESTIMATE = 0.05;

export class ProgressTracker {
  readonly #total: number;
  readonly #skipped: number;
  readonly #concurrency: number;
  readonly #started = Date.now();
  readonly #running = new Map<string, RunningTrial>();
  readonly #durations: number[] = [];
  #done = 0;
  #failed = 0;
  #pending: number;

  constructor(total: number, skipped: number, concurrency: number) {
    this.#total = total;
    this.#skipped = skipped;
    this.#concurrency = concurrency;
    this.#pending = total - skipped;
  }

  start(trial: PlannedTrial, attempt: number): void {
    this.#pending--;
    this.#running.set(trial.id, { id: trial.id, label: trial.label, attempt, fraction: 0, startedAt: Date.now() });
  }

  progress(id: string, progress: TrialProgress): void {
    const running = this.#running.get(id);
    if (!running) return;
    running.fraction = progress.fraction;
    if (progress.message === undefined) delete running.message;
    else running.message = progress.message;
  }

  /** The trial has stopped running; its outcome is counted once it is stored. */
  release(id: string): void {
    this.#running.delete(id);
  }

  /** A stored outcome. `again`: the trial goes back to the queue (a retry, or an interruption). */
  count(outcome: 'done' | 'failed' | 'again', seconds?: number): void {
    if (outcome === 'done') {
      this.#done++;
      if (seconds !== undefined) this.#durations.push(seconds);
    } else if (outcome === 'failed') this.#failed++;
    else this.#pending++;
  }

  snapshot(): SweepProgress {
    const now = Date.now();
    const running = [...this.#running.values()].map((r) => ({ ...r }));
    const progress: SweepProgress = {
      total: this.#total,
      skipped: this.#skipped,
      done: this.#done,
      failed: this.#failed,
      running,
      pending: this.#pending,
      elapsedSeconds: (now - this.#started) / 1000,
    };
    const eta = this.#eta(running, now);
    if (eta !== undefined) progress.etaSeconds = eta;
    return progress;
  }

  #eta(running: RunningTrial[], now: number): number | undefined {
    if (this.#pending === 0 && running.length === 0) return 0;
    const elapsed = (r: RunningTrial) => (now - r.startedAt) / 1000;
    const estimates = running.filter((r) => r.fraction >= MIN_FRACTION_FOR_ESTIMATE).map((r) => elapsed(r) / r.fraction);
    const sample = this.#durations.length > 0 ? this.#durations : estimates;
    if (sample.length === 0) return undefined;
    const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
    const left = running.reduce(
      (sum, r) => sum + (r.fraction >= MIN_FRACTION_FOR_ESTIMATE ? (elapsed(r) * (1 - r.fraction)) / r.fraction : Math.max(0, mean - elapsed(r))),
      0,
    );
    return (left + this.#pending * mean) / this.#concurrency;
  }
}
