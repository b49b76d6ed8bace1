// The local executor: trials run in worker threads, progress comes back, the thread budget holds.
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { checkThreadBudget, LocalExecutor, TrialError, type ExecutorTask } from '@clusterlens/sweep';

import { FIXTURE_MODULE, tempDir } from './support/fixtures.js';

const cores = availableParallelism();
const executors: LocalExecutor[] = [];
function executor(options: ConstructorParameters<typeof LocalExecutor>[0] = {}): LocalExecutor {
  const e = new LocalExecutor(options);
  executors.push(e);
  return e;
}
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.close()));
});

async function task(exportName: string, config: unknown = {}): Promise<ExecutorTask> {
  return { trialId: 't1', module: FIXTURE_MODULE, export: exportName, config, checkpointDir: join(await tempDir(), 'checkpoints', 't1') };
}

const run = (e: LocalExecutor, t: ExecutorTask, signal = new AbortController().signal, onProgress?: (p: { fraction: number; message?: string }) => void) =>
  e.run(t, { signal, ...(onProgress ? { onProgress } : {}) });

async function failure(promise: Promise<unknown>): Promise<TrialError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrialError);
  return error as TrialError;
}

describe('local executor', () => {
  it('runs the trial in a worker thread with its thread count, and passes progress back', async () => {
    const e = executor({ concurrency: 1, threadsPerTrial: Math.min(2, cores) });
    const progress: Array<{ fraction: number; message?: string }> = [];
    const { rows } = await run(e, await task('describeThread', { ms: 10 }), undefined, (p) => progress.push(p));
    const value = (metric: string) => rows.find((r) => r.metric === metric)?.value;
    expect(value('main-thread')).toBe(0);
    expect(value('thread-id')).toBeGreaterThan(0);
    expect(value('threads')).toBe(Math.min(2, cores));
    expect(progress).toEqual([{ fraction: 0.5, message: 'halfway' }]);
  });

  it('defaults to as many trials as the cores allow', () => {
    expect(executor().concurrency).toBe(cores);
    expect(executor({ threadsPerTrial: cores }).concurrency).toBe(1);
  });

  it('refuses more threads than cores unless told to oversubscribe, and says how to fix it', () => {
    expect(() => new LocalExecutor({ concurrency: cores + 1 })).toThrow(
      `concurrency ${cores + 1} x threadsPerTrial 1 = ${cores + 1} threads, more than the ${cores} cores of this machine; lower concurrency or threadsPerTrial, or set oversubscribe: true (--oversubscribe) to run them anyway`,
    );
    expect(() => new LocalExecutor({ threadsPerTrial: cores + 1 })).toThrow(/oversubscribe: true/);
    expect(executor({ concurrency: cores + 1, oversubscribe: true }).concurrency).toBe(cores + 1);
    expect(() => checkThreadBudget(2, 2, false, 4)).not.toThrow();
    expect(() => checkThreadBudget(2, 3, false, 4)).toThrow(/6 threads, more than the 4 cores/);
    expect(() => new LocalExecutor({ concurrency: 0 })).toThrow('concurrency must be a positive integer, got 0');
  });

  it("keeps the name of an error thrown in the worker, and a UserError's retryable: false", async () => {
    const e = executor({ concurrency: 1 });
    const error = await failure(run(e, await task('configError')));
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe('config: training.steps: expected a positive integer');
    expect(error.retryable).toBe(false); // a UserError; the coordinator reads the field (retry.test.ts)
    const plain = await failure(run(e, await task('flaky', { failTimes: 1 })));
    expect(plain).toMatchObject({ name: 'Error', message: 'flaky failure on attempt 1', retryable: true });
  });

  it('reports a missing export or module as a non-retryable error that names the fix', async () => {
    const e = executor({ concurrency: 1 });
    const missing = await failure(run(e, await task('nope')));
    expect(missing).toMatchObject({ name: 'TrialModuleError', retryable: false });
    expect(missing.message).toMatch(/has no exported function 'nope' \(it exports .*noop.*\); fix the registration's 'export'/);
    const unimportable = await failure(run(e, { ...(await task('noop')), module: new URL('./fixtures/missing.mjs', import.meta.url).href }));
    expect(unimportable).toMatchObject({ name: 'TrialModuleError', retryable: false });
    expect(unimportable.message).toMatch(/^cannot import the trial module .*missing\.mjs/);
  });

  it('rejects a malformed result, naming the row and field', async () => {
    const error = await failure(run(executor({ concurrency: 1 }), await task('badRows')));
    expect(error.message).toBe('badRows returned a bad result: rows[0].layer: expected an integer or null, got "one"');
    expect(error.retryable).toBe(false);
  });

  it('survives a worker thread that exits, reporting a retryable WorkerError', async () => {
    const e = executor({ concurrency: 1 });
    const error = await failure(run(e, await task('exitThread')));
    expect(error).toMatchObject({ name: 'WorkerError', retryable: true });
    expect(error.message).toMatch(/^the worker thread failed: /);
    expect((await run(e, await task('noop', { x: 4 }))).rows[0]!.value).toBe(4);
  });

  it('asks an aborted trial to stop; the trial checkpoints and rejects', async () => {
    const e = executor({ concurrency: 1 });
    const t = await task('steps', { steps: 1000, stepMs: 5 });
    const abort = new AbortController();
    const error = await failure(run(e, t, abort.signal, (p) => p.fraction > 0.01 && abort.abort()));
    expect(error.name).toBe('TrialAbortedError');
    const saved = JSON.parse(await readFile(join(t.checkpointDir, 'step.json'), 'utf8')) as { step: number };
    expect(saved.step).toBeGreaterThan(0);
    expect(saved.step).toBeLessThan(1000);
  });

  it('terminates a trial that ignores the abort after the grace period', async () => {
    const e = executor({ concurrency: 1, abortGraceMs: 100 });
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 100);
    const error = await failure(run(e, await task('describeThread', { ms: 10_000 }), abort.signal));
    expect(error.message).toBe('the trial did not stop within 0.1 s of the abort; its thread was terminated');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
