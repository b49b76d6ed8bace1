// clusterlens sweep run-task <spec.yaml> --out <dir> --task <i>: one array task's trials, without a coordinator.
import { runSweepTask, type SweepTaskEvent } from '@clusterlens/sweep';

import { TASK_INTERRUPTED_EXIT } from './slurm-script.js';
import { readSpec, registerClusterlensTrial } from './sweep-trials.js';

export interface SweepRunTaskOptions {
  out: string;
  task?: number;
  trialsPerTask: number;
  threads?: number;
}

/** A line of progress per trial at most this often: enough to follow in a Slurm log, not enough to fill it. */
const PROGRESS_LOG_MS = 5_000;

export async function sweepRunTaskCommand(specFile: string, options: SweepRunTaskOptions): Promise<number> {
  registerClusterlensTrial();
  const task = options.task ?? taskFromEnvironment();
  const spec = await readSpec(specFile);
  const abort = new AbortController();
  // SIGTERM: Slurm's time limit, or the array script forwarding the signal it gets before it; SIGUSR1: the same
  // signal sent to this process directly (`scancel --signal=USR1`).
  const stop = (signal: NodeJS.Signals) => () => {
    if (abort.signal.aborted) return;
    log(`${signal}: the running trial saves a checkpoint and stops`);
    abort.abort(new Error(`stopped by ${signal}`));
  };
  const handlers = (['SIGTERM', 'SIGUSR1', 'SIGINT'] as const).map((signal) => [signal, stop(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const restarts = Number(process.env.SLURM_RESTART_COUNT ?? 0);
  log(`task ${task} of ${specFile}${restarts > 0 ? `, requeued ${restarts} time${restarts === 1 ? '' : 's'}: resuming` : ''}`);
  try {
    const result = await runSweepTask(spec, {
      dir: options.out,
      task,
      trialsPerTask: options.trialsPerTask,
      threadsPerTrial: options.threads,
      signal: abort.signal,
      onEvent: logEvent(),
    });
    log(
      `task ${task}: ${result.done} done, ${result.skipped} done before, ${result.failed} failed` +
        (result.interrupted ? `, stopped (exit ${TASK_INTERRUPTED_EXIT}: run the task again to resume)` : '') +
        ` (${result.trials.length} trial${result.trials.length === 1 ? '' : 's'} in this task)`,
    );
    if (result.interrupted) return TASK_INTERRUPTED_EXIT;
    return result.failed > 0 ? 1 : 0;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}

function taskFromEnvironment(): number {
  const text = process.env.SLURM_ARRAY_TASK_ID;
  const task = Number(text);
  if (text === undefined || text === '' || !Number.isSafeInteger(task) || task < 0) {
    throw new Error('--task: give the task index, or run inside a Slurm array task (which sets SLURM_ARRAY_TASK_ID)');
  }
  return task;
}

function log(line: string): void {
  process.stderr.write(`[${new Date().toISOString()}] ${line}\n`);
}

function logEvent(): (event: SweepTaskEvent) => void {
  const lastProgress = new Map<string, number>();
  return (event) => {
    const { id, label } = event.trial;
    switch (event.type) {
      case 'skipped':
        return log(`skip ${id} ${label}: done before`);
      case 'started':
        return log(`start ${id} ${label} (attempt ${event.attempt})`);
      case 'progress': {
        // The first report of each run is always logged: it shows where a resumed trial picked up.
        const now = Date.now();
        if (now - (lastProgress.get(id) ?? 0) < PROGRESS_LOG_MS) return;
        lastProgress.set(id, now);
        return log(`progress ${id} ${event.progress.message ?? `${Math.round(event.progress.fraction * 100)}%`}`);
      }
      case 'done':
        return log(`done ${id} in ${event.seconds.toFixed(1)} s`);
      case 'retry':
        return log(`retry ${id} in ${(event.delayMs / 1000).toFixed(1)} s after attempt ${event.attempt}: ${event.error}`);
      case 'failed':
        return log(`failed ${id} after ${event.attempts} attempt(s): ${event.error}`);
      case 'interrupted':
        return log(`interrupted ${id}: ${event.error}`);
    }
  };
}
