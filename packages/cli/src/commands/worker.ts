// clusterlens worker --redis <url>: run queued trials on this machine until stopped (or idle).
import { availableParallelism } from 'node:os';

import { runQueueWorker } from '@clusterlens/sweep';

import { redisTarget, type RedisFlags } from './redis-options.js';
import { registerClusterlensTrial } from './sweep-trials.js';

export interface WorkerOptions extends RedisFlags {
  concurrency?: number;
  threads: number;
  workdir: string;
  maxFailures: number;
  exitWhenIdle?: number;
  lockSeconds: number;
}

export async function workerCommand(options: WorkerOptions): Promise<number> {
  registerClusterlensTrial();
  const target = redisTarget(options, true)!;
  const concurrency = options.concurrency ?? Math.max(1, Math.floor(availableParallelism() / options.threads));
  const abort = new AbortController();
  const stop = (signal: string) => () => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(`\n${signal}: finishing up (running trials save a checkpoint and go back to the queue)...\n`);
    abort.abort(new Error(signal));
  };
  const onSigint = stop('SIGINT');
  const onSigterm = stop('SIGTERM'); // Slurm's time limit
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    const summary = await runQueueWorker({
      ...target,
      queue: options.queue,
      concurrency,
      threadsPerTrial: options.threads,
      workdir: options.workdir,
      maxConsecutiveFailures: options.maxFailures,
      ...(options.exitWhenIdle === undefined ? {} : { exitWhenIdleMs: options.exitWhenIdle * 1000 }),
      lockMs: options.lockSeconds * 1000,
      signal: abort.signal,
      log: (line) => process.stderr.write(`[worker] ${line}\n`),
    });
    process.stderr.write(`[worker] stopped (${summary.reason}): ${summary.done} done, ${summary.failed} failed\n`);
    return summary.reason === 'circuit-breaker' ? 3 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}
