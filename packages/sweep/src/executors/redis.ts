// The queue executor: the coordinator enqueues trials on Redis (BullMQ) and collects what workers on any
// machine return. Workers resolve the trial function by name in their own registry, so paths never cross machines.
import { Job, Queue, QueueEvents, type ConnectionOptions } from 'bullmq';

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

export class RedisExecutor implements Executor {
  readonly concurrency: number;
  /** Set by each worker; recorded per trial as the worker's host. */
  readonly threadsPerTrial = 0;
  readonly host: string;
  readonly #options: RedisExecutorOptions;
  readonly #queue: Queue;
  readonly #events: QueueEvents;
  readonly #progress = new Map<string, (progress: TrialProgress) => void>();

  private constructor(options: RedisExecutorOptions) {
    this.#options = options;
    this.concurrency = options.inflight ?? 10_000;
    this.host = `queue ${options.queue ?? DEFAULT_QUEUE} at ${redactRedisUrl(options.url).replace(/^rediss?:\/\/(\*\*\*(:\*\*\*)?@)?/, '')}`;
    const connection = redisOptions(options) as ConnectionOptions;
    this.#queue = new Queue(options.queue ?? DEFAULT_QUEUE, { connection });
    this.#events = new QueueEvents(options.queue ?? DEFAULT_QUEUE, { connection });
    this.#events.on('progress', ({ jobId, data }) => this.#progress.get(jobId)?.(data as TrialProgress));
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
    if (onProgress) this.#progress.set(task.trialId, onProgress);
    try {
      const job = await this.#submit(task);
      const finished = job.waitUntilFinished(this.#events) as Promise<TrialJobResult>;
      const result = await new Promise<TrialJobResult>((resolve, reject) => {
        // The trial goes on on its worker; a coordinator run later collects its result.
        const onAbort = () => reject(aborted());
        signal.addEventListener('abort', onAbort, { once: true });
        finished.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
      if (result.ok) return { rows: result.rows, host: result.host };
      throw new TrialError(`${result.error.message} (on ${result.host})`, { name: result.error.name, retryable: result.error.retryable });
    } catch (error) {
      if (error instanceof TrialError) throw error;
      // A job BullMQ itself failed: it stalled too often (its workers kept dying).
      throw new TrialError((error as Error).message, { name: 'QueueError', retryable: true });
    } finally {
      this.#progress.delete(task.trialId);
    }
  }

  /**
   * The trial's job: one that is waiting, running or finished well is reused (a restarted coordinator must not
   * run a trial twice); one that finished with an error is replaced, which is how a retry reaches the workers.
   */
  async #submit(task: ExecutorTask): Promise<Job> {
    const existing = await Job.fromId(this.#queue, task.trialId);
    if (existing) {
      const state = await existing.getState();
      const failedRun = state === 'failed' || (state === 'completed' && !(existing.returnvalue as TrialJobResult | null)?.ok);
      if (!failedRun) return existing;
      await existing.remove();
    }
    const data: TrialJobData = { trialId: task.trialId, trialFunction: this.#options.trialFunction, config: task.config };
    const keep = { age: this.#options.keepSeconds ?? 7 * 24 * 3600 };
    return this.#queue.add(JOB_NAME, data, { jobId: task.trialId, removeOnComplete: keep, removeOnFail: keep, attempts: 1 });
  }

  async close(): Promise<void> {
    await this.#events.close();
    await this.#queue.close();
  }
}

function aborted(): TrialError {
  return new TrialError('the coordinator stopped waiting; the trial goes on on its worker', { name: 'AbortError', retryable: true });
}
