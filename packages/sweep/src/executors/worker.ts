// Runs in a piscina worker thread: imports the trial module, runs one trial, and talks to the coordinator over the
// MessagePort that came with the task (progress out, abort in). Errors come back as values, not rejections, so
// their names and their `retryable` field survive the thread boundary, which structured cloning of Error objects
// does not keep (it keeps neither the class nor the own fields).
import type { MessagePort } from 'node:worker_threads';

import { isRetryable, UserError, type MetricRow } from '@clusterlens/schema';

import { checkResult } from '../rows.js';
import type { MemberRows, TrialFunction, TrialProgress } from '../trial-function.js';

export interface WorkerTask {
  trialId: string;
  module: string;
  export: string;
  config: unknown;
  threads: number;
  checkpointDir: string;
  port: MessagePort;
}

export type ToCoordinator = { type: 'progress'; fraction: number; message?: string };
export type ToWorker = { type: 'abort'; reason: string };
export type WorkerOutcome =
  | { ok: true; rows: MetricRow[]; members?: MemberRows[] }
  | { ok: false; error: { name: string; message: string; stack?: string; retryable: boolean } };

/** Progress is for people: ten updates a second is plenty, and it keeps a fast trial from flooding the port. */
const PROGRESS_INTERVAL_MS = 100;

/** Imported once per worker thread and reused by every trial that thread runs. */
const functions = new Map<string, Promise<TrialFunction>>();

/** The registration names a module or export that cannot run trials: every attempt would fail the same way. */
class TrialModuleError extends UserError {}

function load(module: string, name: string): Promise<TrialFunction> {
  const key = `${module}#${name}`;
  let fn = functions.get(key);
  if (!fn) {
    fn = import(module).then(
      (namespace: Record<string, unknown>) => {
        const found = namespace[name];
        if (typeof found === 'function') return found as TrialFunction;
        const exported = Object.keys(namespace).join(', ') || 'nothing';
        throw new TrialModuleError(`${module} has no exported function '${name}' (it exports ${exported}); fix the registration's 'export'`);
      },
      (error: Error) => {
        throw new TrialModuleError(`cannot import the trial module ${module}: ${error.message}`);
      },
    );
    functions.set(key, fn);
    fn.catch(() => functions.delete(key));
  }
  return fn;
}

export default async function runTrialInWorker(task: WorkerTask): Promise<WorkerOutcome> {
  const { port } = task;
  const abort = new AbortController();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'abort') abort.abort(new Error(message.reason));
  });
  let lastProgress = 0;
  const progress = ({ fraction, message }: TrialProgress) => {
    const now = Date.now();
    if (now - lastProgress < PROGRESS_INTERVAL_MS && fraction < 1) return;
    lastProgress = now;
    const update: ToCoordinator = { type: 'progress', fraction: Math.min(1, Math.max(0, Number(fraction) || 0)) };
    if (message !== undefined) update.message = String(message);
    port.postMessage(update);
  };
  try {
    const fn = await load(task.module, task.export);
    const ctx = { trialId: task.trialId, threads: task.threads, checkpointDir: task.checkpointDir, signal: abort.signal, progress };
    const result = await fn(task.config, ctx);
    try {
      return { ok: true, ...checkResult(result) };
    } catch (error) {
      throw new TrialModuleError(`${task.export} returned a bad result: ${(error as Error).message}`);
    }
  } catch (error) {
    return { ok: false, error: describeError(error) };
  } finally {
    port.close();
  }
}

/**
 * The failure as a plain value. `retryable` is read from the error itself (schema's isRetryable), never from its
 * class or name: a UserError of any package, or any error with `retryable: false`, stays unretried.
 */
function describeError(error: unknown): Extract<WorkerOutcome, { ok: false }>['error'] {
  const retryable = isRetryable(error);
  if (!(error instanceof Error)) {
    const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown };
    return { name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : String(error), retryable };
  }
  return { name: error.name, message: error.message, retryable, ...(error.stack ? { stack: error.stack } : {}) };
}
