// Retries through Redis: a failure crosses a worker thread, a BullMQ job and the coordinator as plain values, and
// its `retryable` field decides alone. A UserError of a class the sweep never saw fails once; a plain Error retries.
// Needs redis-server (test/support/redis.ts starts a private one).
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RedisExecutor, runQueueWorker, runSweep, type QueueWorkerSummary, type SweepEvent } from '@clusterlens/sweep';

import { startRedis, type RedisServer } from '../../../test/support/redis.js';
import { readStore, registerFixtures, tempDir } from './support/fixtures.js';

let redis: RedisServer;
let work: string;
const stop = new AbortController();
let worker: Promise<QueueWorkerSummary>;
const QUEUE = 'retry';

beforeAll(async () => {
  registerFixtures();
  redis = await startRedis();
  work = await tempDir('clusterlens-sweep-redis-');
  // One worker in this process: it finds the fixtures by name in the same registry.
  worker = runQueueWorker({ url: redis.url, queue: QUEUE, concurrency: 1, threadsPerTrial: 1, workdir: join(work, 'worker'), maxConsecutiveFailures: 100, signal: stop.signal });
});

afterAll(async () => {
  stop.abort();
  await worker?.catch(() => undefined);
  await redis?.stop();
});

async function sweepOverRedis(name: string, trial: string, base: Record<string, unknown>) {
  const executor = await RedisExecutor.connect({ url: redis.url, queue: QUEUE, trialFunction: trial });
  const events: SweepEvent[] = [];
  const dir = join(work, name);
  try {
    const result = await runSweep({ name, trial, base, maxAttempts: 3 }, { dir, executor, retryDelayMs: 20, onEvent: (e) => events.push(e) });
    const { trials } = await readStore(dir);
    return { result, types: events.map((e) => e.type), trial: trials[0]! };
  } finally {
    await executor.close();
  }
}

describe('retries over Redis', () => {
  it('fails a UserError subclass unknown to the sweep once, on the first attempt', async () => {
    const { result, types, trial } = await sweepOverRedis('user-error', 'recipeError', { recipe: 'soup' });
    expect(result).toMatchObject({ done: 0, failed: 1 });
    expect(types).toEqual(['started', 'failed']);
    expect(trial).toMatchObject({ status: 'failed', attempts: 1 });
    expect(trial.error).toMatch(/^RecipeError: config: data\.recipe: 'soup' is not a recipe \(attempt 1\) \(on .+\)$/);
  });

  it('retries a plain Error up to maxAttempts', async () => {
    const { result, types, trial } = await sweepOverRedis('plain-error', 'flaky', { failTimes: 10 });
    expect(result).toMatchObject({ done: 0, failed: 1 });
    expect(types).toEqual(['started', 'retry', 'started', 'retry', 'started', 'failed']);
    expect(trial).toMatchObject({ status: 'failed', attempts: 3 });
    expect(trial.error).toMatch(/^flaky failure on attempt 3 \(on .+\)$/);
  });
});
