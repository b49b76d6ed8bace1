// A sweep whose workers are a Slurm job array, on a real single-node Slurm cluster started by this test.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, startCli } from './support/cli.js';
import { startRedis, type RedisServer } from './support/redis.js';
import { startSlurm, type SlurmCluster } from './support/slurm.js';
import { longSweepSpec, tinySweepSpec } from './support/slurm-specs.js';
import { readStore } from './support/store.js';

const PASSWORD = 'slurm-secret';
const SPEC = tinySweepSpec('slurm', { steps: 40, every: 20, interventions: ['output', 'all'], seeds: [0, 1] });
// Two trials long enough that a signal sent once a worker starts one reaches it before it ends.
const LONG_SPEC = longSweepSpec('slurm-long', ['output'], [0, 1]);

let redis: RedisServer;
let slurm: SlurmCluster;
let work: string;
let script: string;

beforeAll(async () => {
  redis = await startRedis({ password: PASSWORD });
  slurm = await startSlurm();
  work = await mkdtemp(join(tmpdir(), 'clusterlens-slurm-sweep-'));
  await writeFile(join(work, 'spec.yaml'), SPEC);
  script = join(work, 'workers.sbatch');
  const made = runCli(
    ['slurm', 'spec.yaml', '--out', script, '--partition', slurm.partition, '--cpus-per-task', '1', '--workers', '2', '--time', '00:10:00', '--queue', 'slurm', '--exit-when-idle', '3'],
    { cwd: work },
  );
  if (made.status !== 0) throw new Error(made.stderr);
}, 120_000);

afterAll(async () => {
  await slurm?.stop();
  await redis?.stop();
});

describe('Slurm', () => {
  it('the sbatch script passes sbatch --test-only and holds no credentials', () => {
    const check = spawnSync('sbatch', ['--test-only', script], { env: { ...slurm.env, CLUSTERLENS_REDIS_URL: redis.url }, encoding: 'utf8' });
    expect(check.stderr).toMatch(/to start at/);
    expect(check.status).toBe(0);
    const text = readFileSync(script, 'utf8');
    expect(text).toMatch(/^#SBATCH --array=0-1$/m);
    expect(text).toMatch(/^#SBATCH --partition=clusterlens$/m);
    expect(text).not.toContain(PASSWORD);
  });

  it('an array of workers started by sbatch runs every trial of the coordinator', async () => {
    const env = { ...process.env, CLUSTERLENS_REDIS_URL: redis.url };
    const out = join(work, 'run');
    const coordinator = startCli(['sweep', 'run', 'spec.yaml', '--redis', '--queue', 'slurm', '--out', out, '--no-progress'], { cwd: work, env });
    const submitted = spawnSync('sbatch', [script], { env: { ...slurm.env, CLUSTERLENS_REDIS_URL: redis.url }, encoding: 'utf8' });
    expect(submitted.stdout).toMatch(/Submitted batch job \d+/);
    expect(await coordinator.exited).toBe(0);
    const { trials } = await readStore(out);
    expect(trials).toHaveLength(4);
    expect(trials.every((t) => t.status === 'done' && t.host === hostname())).toBe(true);
    expect(coordinator.output()).not.toContain(PASSWORD);
    // The workers exit by themselves once the queue stays empty, and their logs carry no credentials.
    const logs = join(work, 'slurm-logs');
    const deadline = Date.now() + 60_000;
    while (readdirSync(logs).map((f) => readFileSync(join(logs, f), 'utf8')).filter((t) => t.includes('stopped (idle)')).length < 2) {
      if (Date.now() > deadline) throw new Error(`the Slurm workers did not exit:\n${readdirSync(logs).map((f) => readFileSync(join(logs, f), 'utf8')).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const file of readdirSync(logs)) expect(readFileSync(join(logs, file), 'utf8')).not.toContain(PASSWORD);
  });

  it('a worker signalled before its time limit gives its trial back to the queue and its task is requeued; every trial ends as in a local run', async () => {
    await writeFile(join(work, 'long.yaml'), LONG_SPEC);
    const longScript = join(work, 'long', 'workers.sbatch');
    const made = runCli(
      ['slurm', 'long.yaml', '--out', longScript, '--partition', slurm.partition, '--cpus-per-task', '1', '--workers', '1', '--time', '00:10:00', '--queue', 'long', '--exit-when-idle', '3', '--requeue-before', '120'],
      { cwd: work },
    );
    expect(made.status).toBe(0);
    const env = { ...process.env, CLUSTERLENS_REDIS_URL: redis.url };
    const out = join(work, 'long-run');
    const coordinator = startCli(['sweep', 'run', 'long.yaml', '--redis', '--queue', 'long', '--out', out, '--no-progress'], { cwd: work, env });
    const submitted = spawnSync('sbatch', ['--parsable', longScript], { env: { ...slurm.env, CLUSTERLENS_REDIS_URL: redis.url }, encoding: 'utf8' });
    const job = submitted.stdout.trim().split(';')[0]!;
    const log = join(work, 'long', 'slurm-logs', `slurm-${job}_0.out`);
    const logText = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    const deadline = Date.now() + 60_000;
    while (!/\[worker\] start /.test(logText())) {
      if (Date.now() > deadline) throw new Error(`the worker did not start a trial:\n${logText()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // What Slurm sends the batch shell before the time limit (--signal=B:USR1@...), sent now.
    expect(spawnSync('scancel', ['--batch', '--signal=USR1', `${job}_0`], { env: slurm.env }).status).toBe(0);
    expect(await coordinator.exited).toBe(0);

    const text = logText();
    expect(text).toMatch(/checkpointing and requeueing task 0/);
    expect(text).toMatch(/stopped \(signal\)/);
    // The requeued task is a fresh worker that took the trial back from the queue.
    expect(text.slice(text.indexOf('stopped (signal)'))).toMatch(/\[worker\] done /);
    const reference = join(work, 'long-local');
    expect(runCli(['sweep', 'run', 'long.yaml', '--out', reference, '--concurrency', '1', '--no-progress'], { cwd: work }).status).toBe(0);
    const [fromWorkers, fromLocal] = [await readStore(out), await readStore(reference)];
    expect(fromWorkers.metrics).toEqual(fromLocal.metrics);
    expect(fromWorkers.trials.map((t) => t.status)).toEqual(['done', 'done']);
    expect(fromWorkers.trials.reduce((n, t) => n + t.attempts, 0)).toBe(3);
  });
});
