// Sweep overhead across machines: 1000 no-op trials enqueued on a local redis-server and run by two worker
// processes. Goal: at least 100 trials/s, so the queue never matters next to real trials.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { RedisExecutor, registerTrialFunction, runSweep } from '@clusterlens/sweep';

import { startRedis } from '../../test/support/redis.js';
import { printTable } from './table.js';

const TRIALS = 1000;
const GOAL_PER_SECOND = 100;
const NOOP_TRIAL = `export async function noop(config) {
  return { rows: [{ split: 'train', layer: null, step: 0, metric: 'seed', value: config.seed }] };
}
`;

export async function benchSweepRedisOverhead(): Promise<void> {
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) {
    console.log('skipped: redis-server is not installed (apt-get install -y redis-server)');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'clusterlens-redis-bench-'));
  const redis = await startRedis();
  const workers: ReturnType<typeof spawn>[] = [];
  try {
    const module = pathToFileURL(join(dir, 'noop-trial.mjs')).href;
    await writeFile(fileURLToPath(module), NOOP_TRIAL);
    registerTrialFunction('bench-noop', { module, export: 'noop', codeVersion: 'bench' });
    const script = fileURLToPath(new URL('./noop-queue-worker.ts', import.meta.url));
    for (let i = 0; i < 2; i++) {
      workers.push(spawn(process.execPath, ['--import', 'tsx', script, redis.url, module, 'bench'], { stdio: 'inherit' }));
    }
    const executor = await RedisExecutor.connect({ url: redis.url, queue: 'bench', trialFunction: 'bench-noop' });
    const start = performance.now();
    const result = await runSweep({ name: 'redis-overhead', trial: 'bench-noop', seeds: { count: TRIALS } }, { dir: join(dir, 'sweep'), executor });
    const seconds = (performance.now() - start) / 1000;
    await executor.close();
    if (result.done !== TRIALS) throw new Error(`expected ${TRIALS} trials done, got ${result.done}: ${JSON.stringify(result.failures.slice(0, 3))}`);
    printTable(`sweep overhead over Redis (ratio: against the goal of ${GOAL_PER_SECOND} trials/s)`, [
      { name: `${TRIALS} no-op trials, 2 worker processes`, value: TRIALS / seconds, unit: 'trials/s', ratio: TRIALS / seconds / GOAL_PER_SECOND },
      { name: 'per trial', value: (seconds * 1000) / TRIALS, unit: 'ms' },
    ]);
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
