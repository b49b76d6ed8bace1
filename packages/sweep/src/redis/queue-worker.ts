// A queue worker: takes trials from Redis and runs them in a local pool of worker threads. The event loop
// only waits, so BullMQ can renew its job locks on time however long a trial computes.
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';

import { isRetryable, metricRowsToJson } from '@clusterlens/schema';

import { TrialError } from '../executors/executor.js';
import { LocalExecutor } from '../executors/local.js';
import { getTrialFunction, type TrialFunctionRegistration } from '../registry.js';
import { checkRedis } from './connect.js';
import { DEFAULT_QUEUE, type TrialJobData, type TrialJobResult } from './job.js';
import { redactRedisUrl, redisOptions, type RedisTarget } from './url.js';

export interface QueueWorkerOptions extends RedisTarget {
  queue?: string;
  /** Trials at once on this machine. */
  concurrency?: number;
  threadsPerTrial?: number;
  /** Checkpoints go to <workdir>/<trial id>, so a trial this machine picks up again resumes. */
  workdir?: string;
  /** Stop taking work after this many failed trials in a row (a broken machine should not eat the queue). */
  maxConsecutiveFailures?: number;
  /** Exit once the queue has had nothing for this long (for batch jobs such as Slurm arrays). */
  exitWhenIdleMs?: number;
  /** A job whose worker has not renewed its lock for this long is considered stalled and re-queued. */
  lockMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface QueueWorkerSummary {
  done: number;
  failed: number;
  /** Why the worker stopped. */
  reason: 'signal' | 'idle' | 'circuit-breaker';
}

export async function runQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerSummary> {
  const log = options.log ?? (() => undefined);
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const host = hostname();
  const workdir = resolve(options.workdir ?? '.clusterlens/worker');
  const maxFailures = options.maxConsecutiveFailures ?? 3;
  const lockMs = options.lockMs ?? 30_000;
  await checkRedis(options);
  const pool = new LocalExecutor({ concurrency: options.concurrency, threadsPerTrial: options.threadsPerTrial });
  const connection = redisOptions(options) as ConnectionOptions;
  const stop = new AbortController();
  const onSignal = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onSignal, { once: true });

  let done = 0;
  let failed = 0;
  let failuresInARow = 0;
  let active = 0;
  let lastActivity = Date.now();
  let reason: QueueWorkerSummary['reason'] = 'signal';

  const process = async (job: Job<TrialJobData>): Promise<TrialJobResult> => {
    active++;
    lastActivity = Date.now();
    const { trialId, trialFunction, config, ensemble } = job.data;
    log(`start ${trialId}`);
    try {
      const registration = getTrialFunction(trialFunction);
      const exported = ensemble ? ensembleExport(registration, trialFunction) : registration.export;
      const result = await pool.run(
        { trialId, module: registration.module, export: exported, config, checkpointDir: join(workdir, trialId) },
        { signal: stop.signal, onProgress: (progress) => void job.updateProgress(progress).catch(() => undefined) },
      );
      done++;
      failuresInARow = 0;
      log(`done ${trialId}`);
      const members = result.members?.map((m) => ({ trialId: m.trialId, rows: metricRowsToJson(m.rows) }));
      return { ok: true, rows: metricRowsToJson(result.rows), ...(members ? { members } : {}), host };
    } catch (error) {
      const failure = describe(error);
      // An interrupted trial says nothing about this machine's health.
      if (!stop.signal.aborted) {
        failed++;
        failuresInARow++;
      }
      log(`failed ${trialId}: ${failure.message}`);
      if (failuresInARow >= maxFailures && !stop.signal.aborted) {
        reason = 'circuit-breaker';
        log(`stopping: ${failuresInARow} trials failed in a row on ${host}; the queue keeps them for other workers`);
        stop.abort();
      }
      return { ok: false, error: failure, host };
    } finally {
      active--;
      lastActivity = Date.now();
    }
  };

  const worker = new Worker<TrialJobData, TrialJobResult>(queueName, process, {
    connection,
    concurrency: pool.concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // A trial whose workers keep dying fails after this many re-queues instead of cycling forever.
    maxStalledCount: 5,
  });
  worker.on('error', () => undefined); // ioredis reconnects; the URL must not be printed
  const queue = new Queue(queueName, { connection });
  queue.on('error', () => undefined);
  log(`worker on ${host}: queue '${queueName}' at ${redactRedisUrl(options.url)}, ${pool.concurrency} trial(s) x ${pool.threadsPerTrial} thread(s)`);

  try {
    await new Promise<void>((resolveStop) => {
      if (stop.signal.aborted) return resolveStop();
      stop.signal.addEventListener('abort', () => resolveStop(), { once: true });
      if (options.exitWhenIdleMs === undefined) return;
      const idleMs = options.exitWhenIdleMs;
      const timer = setInterval(async () => {
        if (active > 0 || Date.now() - lastActivity < idleMs) return;
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized').catch(() => undefined);
        if (counts && Object.values(counts).every((n) => n === 0)) {
          reason = 'idle';
          log(`queue '${queueName}' idle for ${idleMs / 1000} s; exiting`);
          stop.abort();
        }
      }, Math.min(1000, idleMs));
      stop.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    });
  } finally {
    options.signal?.removeEventListener('abort', onSignal);
    // Running trials were asked to checkpoint (stop.signal); close waits for their jobs to settle.
    await worker.close();
    await queue.close();
    await pool.close();
  }
  return { done, failed, reason };
}

/** A failure as the job's result carries it: `retryable` is a plain field, so the coordinator needs no error classes. */
function describe(error: unknown): { name: string; message: string; retryable: boolean } {
  if (error instanceof TrialError) return { name: error.name, message: error.message, retryable: error.retryable };
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, retryable: isRetryable(error) };
}

/**
 * The ensemble function of an ensemble job's trial function. A worker whose registration has none fails the job, and
 * the coordinator then runs its members alone.
 */
function ensembleExport(registration: TrialFunctionRegistration, name: string): string {
  if (registration.ensemble) return registration.ensemble.export;
  throw new TrialError(`trial function '${name}' has no ensemble function on this worker; its members run alone`, { name: 'EnsembleError', retryable: true });
}
