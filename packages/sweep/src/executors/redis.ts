// The queue executor: the coordinator enqueues trials on Redis (BullMQ) and collects what workers on any
// machine return. Workers resolve the trial function by name in their own registry, so paths never cross machines.
import { Job, Queue, QueueEvents, type ConnectionOptions } from 'bullmq';

import { metricRowsFromJson } from '@clusterlens/schema';

import { checkRedis } from '../redis/connect.js';
import { DEFAULT_QUEUE, JOB_NAME, type TrialJobData, type TrialJobResult } from '../redis/job.js';
import { redactRedisUrl, redisOptions, type RedisTarget } from '../redis/url.js';
import type { TrialProgress } from '../trial-function.js';
import { TrialError, type Executor, type ExecutorResult, type ExecutorRunOptions, type ExecutorTask } from './executor.js';

export interface RedisExecutorOptions extends RedisTarget {
  /** The registered trial function the workers run (the spec's `trial`). */
  trialFunction: string;
  queue?: string;
  /** Trials enqueued and awaited at once; workers take them at their own pace. */
  inflight?: number;
  /** How long finished jobs stay in Redis, so a restarted coordinator still collects them. */
  keepSeconds?: number;
}

/** BullMQ refuses custom job ids that look like integers, and a trial id (hex) can; a prefix keeps them apart. */
const jobIdOf = (trialId: string) => `trial-${trialId}`;

interface Waiter {
  resolve(result: TrialJobResult): void;
  reject(error: Error): void;
}

export class RedisExecutor implements Executor {
  readonly concurrency: number;
  /** Set by each worker; recorded per trial as the worker's host. */
  readonly threadsPerTrial = 0;
  readonly host: string;
  readonly #options: RedisExecutorOptions;
  readonly #queue: Queue;
  readonly #events: QueueEvents;
  readonly #progress = new Map<string, (progress: TrialProgress) => void>();
  /** One waiter per job in flight, settled from a single subscription to the queue's events. */
  readonly #waiters = new Map<string, Waiter>();
  readonly #watchedSignals = new WeakSet<AbortSignal>();

  private constructor(options: RedisExecutorOptions) {
    this.#options = options;
    this.concurrency = options.inflight ?? 10_000;
    this.host = `queue ${options.queue ?? DEFAULT_QUEUE} at ${redactRedisUrl(options.url).replace(/^rediss?:\/\/(\*\*\*(:\*\*\*)?@)?/, '')}`;
    const connection = redisOptions(options) as ConnectionOptions;
    this.#queue = new Queue(options.queue ?? DEFAULT_QUEUE, { connection });
    this.#events = new QueueEvents(options.queue ?? DEFAULT_QUEUE, { connection });
    this.#events.on('progress', ({ jobId, data }) => this.#progress.get(jobId)?.(data as TrialProgress));
    this.#events.on('completed', ({ jobId, returnvalue }) => this.#settle(jobId, { value: parseResult(returnvalue) }));
    this.#events.on('failed', ({ jobId, failedReason }) => this.#settle(jobId, { error: new Error(failedReason) }));
    // Connection errors after start-up are retried by ioredis; nothing here may print the URL.
    this.#queue.on('error', () => undefined);
    this.#events.on('error', () => undefined);
  }

  /** Checks that Redis answers (within 5 s) before anything is enqueued. */
  static async connect(options: RedisExecutorOptions): Promise<RedisExecutor> {
    await checkRedis(options);
    const executor = new RedisExecutor(options);
    await executor.#events.waitUntilReady();
    return executor;
  }

  async run(task: ExecutorTask, { signal, onProgress }: ExecutorRunOptions): Promise<ExecutorResult> {
    if (signal.aborted) throw aborted();
    this.#watch(signal);
    const jobId = jobIdOf(task.trialId);
    if (onProgress) this.#progress.set(jobId, onProgress);
    // The waiter exists before the job does, so no event can be missed.
    const finished = new Promise<TrialJobResult>((resolve, reject) => this.#waiters.set(jobId, { resolve, reject }));
    finished.catch(() => undefined); // a stop may reject it before it is awaited below
    try {
      const job = await this.#submit(task, jobId);
      const state = await job.getState();
      if (state === 'completed') this.#settle(jobId, { value: job.returnvalue as TrialJobResult });
      else if (state === 'failed') this.#settle(jobId, { error: new Error(job.failedReason) });
      const result = await finished;
      if (result.ok) {
        const members = result.members?.map((m) => ({ trialId: m.trialId, rows: metricRowsFromJson(m.rows) }));
        return { rows: metricRowsFromJson(result.rows), ...(members ? { members } : {}), host: result.host };
      }
      throw new TrialError(`${result.error.message} (on ${result.host})`, { name: result.error.name, retryable: result.error.retryable });
    } catch (error) {
      if (error instanceof TrialError) throw error;
      // A job BullMQ itself failed: it stalled too often (its workers kept dying).
      throw new TrialError((error as Error).message, { name: 'QueueError', retryable: true });
    } finally {
      this.#waiters.delete(jobId);
      this.#progress.delete(jobId);
    }
  }

  /**
   * The trial's job: one that is waiting, running or finished well is reused (a restarted coordinator must not
   * run a trial twice); one that finished with an error is replaced, which is how a retry reaches the workers.
   */
  async #submit(task: ExecutorTask, jobId: string): Promise<Job> {
    const existing = await Job.fromId(this.#queue, jobId);
    if (existing) {
      const state = await existing.getState();
      const failedRun = state === 'failed' || (state === 'completed' && !(existing.returnvalue as TrialJobResult | null)?.ok);
      if (!failedRun) return existing;
      await existing.remove();
    }
    const data: TrialJobData = {
      trialId: task.trialId,
      trialFunction: this.#options.trialFunction,
      ...(task.ensemble ? { ensemble: true } : {}),
      config: task.config,
    };
    const keep = { age: this.#options.keepSeconds ?? 7 * 24 * 3600 };
    return this.#queue.add(JOB_NAME, data, { jobId, removeOnComplete: keep, removeOnFail: keep, attempts: 1 });
  }

  #settle(jobId: string, outcome: { value: TrialJobResult } | { error: Error }): void {
    const waiter = this.#waiters.get(jobId);
    if (!waiter) return;
    this.#waiters.delete(jobId);
    if ('value' in outcome) waiter.resolve(outcome.value);
    else waiter.reject(outcome.error);
  }

  /** Stopping rejects every waiter at once; the trials go on on their workers and a later run collects them. */
  #watch(signal: AbortSignal): void {
    if (this.#watchedSignals.has(signal)) return;
    this.#watchedSignals.add(signal);
    signal.addEventListener('abort', () => {
      for (const waiter of this.#waiters.values()) waiter.reject(aborted());
      this.#waiters.clear();
    }, { once: true });
  }

  async close(): Promise<void> {
    await this.#events.close();
    await this.#queue.close();
  }
}

/** QueueEvents hands over return values as JSON text. */
function parseResult(value: unknown): TrialJobResult {
  return (typeof value === 'string' ? JSON.parse(value) : value) as TrialJobResult;
}

function aborted(): TrialError {
  return new TrialError('the coordinator stopped waiting; the trial goes on on its worker', { name: 'AbortError', retryable: true });
}
