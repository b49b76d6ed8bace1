// Ensemble jobs through Redis: a job of several trials crosses the queue (its flag, its members' rows as JSON) and
// each member is stored as its own trial; a failed job's members retry alone on the workers. Needs redis-server
// (test/support/redis.ts starts a private one).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RedisExecutor, registerTrialFunction, runQueueWorker, runSweep, type QueueWorkerSummary } from '@clusterlens/sweep';

import { startRedis, type RedisServer } from '../../../test/support/redis.js';
import { FIXTURE_MODULE, readStore, tempDir } from './support/fixtures.js';

let redis: RedisServer;
let work: string;
const stop = new AbortController();
let worker: Promise<QueueWorkerSummary>;
const QUEUE = 'ensembles';

beforeAll(async () => {
  const groupKey = (config: unknown) => (config as { group?: string }).group;
  registerTrialFunction('echoSeedOverRedis', {
    module: FIXTURE_MODULE,
    export: 'echoSeed',
    codeVersion: 'redis-ensemble-1',
    ensemble: { export: 'echoSeedTogether', groupKey },
  });
  redis = await startRedis();
  work = await tempDir('clusterlens-sweep-redis-ensemble-');
  // One worker in this process: it finds the registration by name in the same registry.
  worker = runQueueWorker({ url: redis.url, queue: QUEUE, concurrency: 1, threadsPerTrial: 1, workdir: join(work, 'worker'), maxConsecutiveFailures: 100, signal: stop.signal });
});

afterAll(async () => {
  stop.abort();
  await worker?.catch(() => undefined);
  await redis?.stop();
});

async function sweep(name: string, base: Record<string, unknown>) {
  const executor = await RedisExecutor.connect({ url: redis.url, queue: QUEUE, trialFunction: 'echoSeedOverRedis' });
  const dir = join(work, name);
  try {
    const spec = { name, trial: 'echoSeedOverRedis', base, seeds: { count: 3 }, maxAttempts: 2 };
    const result = await runSweep(spec, { dir, executor, retryDelayMs: 20 });
    return { result, ...(await readStore(dir)) };
  } finally {
    await executor.close();
  }
}

const ranIn = (id: string) => readFile(join(work, 'worker', id, 'ran.txt'), 'utf8');

describe('ensemble jobs over Redis', () => {
  it("store each member's rows as its own trial, from one job on a worker", async () => {
    const { result, trials, metrics } = await sweep('together', { group: 'g', x: 5 });
    expect(result).toMatchObject({ done: 3, failed: 0 });
    for (const trial of trials) {
      expect(trial).toMatchObject({ status: 'done', attempts: 1 });
      expect(trial.host).not.toBeNull();
      expect(metrics.filter((m) => m.trial === trial.id).map((m) => [m.metric, m.value]).sort()).toEqual([['seed', trial.seed], ['x', 5]]);
      expect(await ranIn(trial.id)).toMatch(/^ensemble-[0-9a-f]{16} of 3$/);
    }
  });

  it("retry a failed job's members alone on the workers", async () => {
    const { result, trials } = await sweep('failing', { group: 'h', failEnsemble: true });
    expect(result).toMatchObject({ done: 3, failed: 0 });
    for (const trial of trials) {
      expect(trial).toMatchObject({ status: 'done', attempts: 2 });
      expect(await ranIn(trial.id)).toBe('alone');
    }
  });
});
