// The local executor: trials in a piscina pool of worker threads on this machine.
import { existsSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

import { Piscina } from 'piscina';

import { TrialError, type Executor, type ExecutorResult, type ExecutorRunOptions, type ExecutorTask } from './executor.js';
import type { ToCoordinator, ToWorker, WorkerOutcome, WorkerTask } from './worker.js';

export interface LocalExecutorOptions {
  /** Trials at once; default: as many as fit the cores at threadsPerTrial each. */
  concurrency?: number;
  /** Threads each trial may use (passed to the trial as ctx.threads). */
  threadsPerTrial?: number;
  /** Allow concurrency x threadsPerTrial above the core count (slower per trial; useful for I/O-bound trials). */
  oversubscribe?: boolean;
  /** How long an aborted trial may take to checkpoint and stop before its thread is terminated. */
  abortGraceMs?: number;
  /** Node flags of the worker threads; default: none for the built worker, `--import tsx` for the TypeScript one. */
  execArgv?: string[];
}

/** Checks the thread budget; the message names both settings and the way out. */
export function checkThreadBudget(concurrency: number, threadsPerTrial: number, oversubscribe: boolean, cores = availableParallelism()): void {
  if (oversubscribe || concurrency * threadsPerTrial <= cores) return;
  throw new RangeError(
    `concurrency ${concurrency} x threadsPerTrial ${threadsPerTrial} = ${concurrency * threadsPerTrial} threads, ` +
      `more than the ${cores} cores of this machine; lower concurrency or threadsPerTrial, ` +
      'or set oversubscribe: true (--oversubscribe) to run them anyway',
  );
}

export class LocalExecutor implements Executor {
  readonly concurrency: number;
  readonly threadsPerTrial: number;
  readonly host = hostname();
  readonly #abortGraceMs: number;
  readonly #execArgv: string[] | undefined;
  #pool: Piscina<WorkerTask, WorkerOutcome> | undefined;
  #closed = false;

  constructor(options: LocalExecutorOptions = {}) {
    const cores = availableParallelism();
    this.threadsPerTrial = positive('threadsPerTrial', options.threadsPerTrial ?? 1);
    this.concurrency = positive('concurrency', options.concurrency ?? Math.max(1, Math.floor(cores / this.threadsPerTrial)));
    checkThreadBudget(this.concurrency, this.threadsPerTrial, options.oversubscribe ?? false, cores);
    this.#abortGraceMs = options.abortGraceMs ?? 60_000;
    this.#execArgv = options.execArgv;
  }

  async run(task: ExecutorTask, { signal, onProgress }: ExecutorRunOptions): Promise<ExecutorResult> {
    if (this.#closed) throw new Error('the local executor is closed');
    const pool = (this.#pool ??= this.#createPool());
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (message: ToCoordinator) => {
      if (message.type === 'progress') onProgress?.({ fraction: message.fraction, ...(message.message === undefined ? {} : { message: message.message }) });
    });
    // Abort is two-step: ask the trial to checkpoint and stop; terminate its thread only if it does not.
    const terminate = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const onAbort = () => {
      const reason = signal.reason instanceof Error ? signal.reason.message : 'the sweep stopped';
      port1.postMessage({ type: 'abort', reason } satisfies ToWorker);
      grace = setTimeout(() => terminate.abort(), this.#abortGraceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      const workerTask: WorkerTask = { ...task, threads: this.threadsPerTrial, port: port2 };
      const outcome = await pool.run(workerTask, { transferList: [port2], signal: terminate.signal });
      if (outcome.ok) return { rows: outcome.rows, ...(outcome.members ? { members: outcome.members } : {}) };
      throw new TrialError(outcome.error.message, outcome.error);
    } catch (error) {
      if (error instanceof TrialError) throw error;
      if (terminate.signal.aborted) {
        throw new TrialError(`the trial did not stop within ${this.#abortGraceMs / 1000} s of the abort; its thread was terminated`, {
          name: 'AbortError',
          retryable: true,
        });
      }
      // The worker thread itself died (process.exit in the trial, out of memory): the pool replaces it.
      throw new TrialError(`the worker thread failed: ${(error as Error).message}`, { name: 'WorkerError', retryable: true });
    } finally {
      clearTimeout(grace);
      signal.removeEventListener('abort', onAbort);
      port1.close();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#pool?.destroy();
  }

  #createPool(): Piscina<WorkerTask, WorkerOutcome> {
    const worker = workerEntry();
    return new Piscina<WorkerTask, WorkerOutcome>({
      filename: worker.filename,
      minThreads: this.concurrency,
      maxThreads: this.concurrency,
      // One trial per thread: a trial's thread count is its share of the cores.
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      ...((this.#execArgv ?? worker.execArgv) ? { execArgv: this.#execArgv ?? worker.execArgv } : {}),
    });
  }
}

/**
 * The worker script. The built JavaScript needs no loader; when this module itself runs from TypeScript source
 * (vitest, tsx) it still prefers the built worker, and loads the TypeScript one through tsx only when there is no
 * build (piscina cannot load .ts files on its own).
 */
function workerEntry(): { filename: string; execArgv?: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.js')) return { filename: new URL('./worker.js', here).href };
  const built = new URL('../../dist/executors/worker.js', here);
  if (existsSync(fileURLToPath(built))) return { filename: built.href };
  return { filename: new URL('./worker.ts', here).href, execArgv: ['--import', 'tsx'] };
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
