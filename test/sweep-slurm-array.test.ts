// A sweep as a Slurm array without a queue server, on a real single-node Slurm cluster started by this test: the
// tasks write results to the sweep folder and `sweep collect` stores them; a task signalled before its time limit
// checkpoints, is requeued and resumes.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { trialFolder, writeTrialResult } from '@clusterlens/sweep';

import { runCli } from './support/cli.js';
import { startSlurm, type SlurmCluster } from './support/slurm.js';
import { longSweepSpec } from './support/slurm-specs.js';
import { readStore } from './support/store.js';

const SECRET = 'array-secret';
// Two trials, one per task, long enough that a signal sent once one reports progress reaches it before it ends.
const SPEC = longSweepSpec('array', ['output', 'all'], [0]);

let slurm: SlurmCluster;
let work: string;
let sweep: string;
let script: string;

const slurmRun = (command: string, args: string[]) => spawnSync(command, args, { env: slurm.env, encoding: 'utf8' });

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const logOf = (job: string, task: number) => {
  const file = join(sweep, 'slurm-logs', `slurm-${job}_${task}.out`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

beforeAll(async () => {
  slurm = await startSlurm();
  work = await mkdtemp(join(tmpdir(), 'clusterlens-slurm-array-'));
  await writeFile(join(work, 'spec.yaml'), SPEC);
  sweep = join(work, 'sweep');
  script = join(sweep, 'array.sbatch');
  const made = runCli(
    [
      'slurm', 'spec.yaml', '--mode', 'array', '--sweep-dir', sweep, '--trials-per-task', '1', '--partition', slurm.partition,
      '--cpus-per-task', '1', '--time', '00:10:00', '--requeue-before', '120',
      '--sbatch-arg=--comment=clusterlens-array-test', '--setup', 'echo "setup ran in task $SLURM_ARRAY_TASK_ID"',
    ],
    { cwd: work, env: { ...process.env, CLUSTERLENS_REDIS_URL: `redis://:${SECRET}@localhost:6379` } },
  );
  if (made.status !== 0) throw new Error(made.stderr);
}, 120_000);

afterAll(async () => {
  await slurm?.stop();
});

describe('Slurm array mode', () => {
  it("the array script passes sbatch --test-only, with the site's options, a signal before the time limit, and no credentials", () => {
    const check = slurmRun('sbatch', ['--test-only', script]);
    expect(check.stderr).toMatch(/to start at/);
    expect(check.status).toBe(0);
    const text = readFileSync(script, 'utf8');
    for (const line of ['--array=0-1', '--comment=clusterlens-array-test', '--signal=B:USR1@120', '--requeue', `--output=${sweep}/slurm-logs/slurm-%A_%a.out`]) {
      expect(text).toContain(`#SBATCH ${line}\n`);
    }
    expect(text).not.toContain(SECRET);
    expect(readFileSync(join(sweep, 'spec.yaml'), 'utf8')).toBe(SPEC);
  });

  it('collect before any task ran lists every trial as missing and exits 3', () => {
    const collected = runCli(['sweep', 'collect', sweep]);
    expect(collected.stdout).toMatch(/^0 of 2 trials done .* 0 failed, 2 missing/m);
    expect(collected.status).toBe(3);
  });

  it('a task signalled mid-trial is requeued and resumes from its checkpoint; collected rows equal an uninterrupted sweep run', async () => {
    const submitted = slurmRun('sbatch', ['--parsable', script]);
    expect(submitted.status).toBe(0);
    const job = submitted.stdout.trim().split(';')[0]!;
    // Slurm's own signal before the time limit goes to the batch shell (--signal=B:USR1@...); this sends it now.
    const trial = (await until('task 0 to report progress', () => logOf(job, 0).match(/progress ([0-9a-f]{16}) step/) ?? undefined, 90_000))[1]!;
    expect(slurmRun('scancel', ['--batch', '--signal=USR1', `${job}_0`]).status).toBe(0);
    await until('the array to finish', () => (slurmRun('squeue', ['-h', '-j', job]).stdout.trim() === '' ? true : undefined), 120_000);

    const log = logOf(job, 0);
    expect(log).toMatch(/setup ran in task 0/);
    expect(log).toMatch(/checkpointing and requeueing task 0/);
    expect(log).toMatch(/task 0 of .*, requeued 1 time: resuming/);
    const stoppedAfter = Number(log.match(new RegExp(`interrupted ${trial}: TrialAbortedError: trial stopped after step (\\d+)`))![1]);
    // The requeued task runs the trial again, and its first step is the one after the checkpoint's.
    const resumed = log.slice(log.indexOf(`interrupted ${trial}`));
    expect(Number(resumed.match(new RegExp(`progress ${trial} step (\\d+)/`))![1])).toBe(stoppedAfter + 1);
    expect(logOf(job, 1)).toMatch(/task 1: 1 done/);

    const collected = runCli(['sweep', 'collect', sweep]);
    expect(collected.stdout).toMatch(/^2 of 2 trials done \(2 results recorded now\), 0 failed, 0 missing/m);
    expect(collected.status).toBe(0);

    const reference = join(work, 'reference');
    const local = runCli(['sweep', 'run', 'spec.yaml', '--out', reference, '--concurrency', '1', '--threads', '1', '--no-progress'], { cwd: work });
    expect(local.status).toBe(0);
    const [fromArray, fromRun] = [await readStore(sweep), await readStore(reference)];
    expect(fromArray.metrics).toEqual(fromRun.metrics);
    expect(fromArray.trials.map((t) => [t.id, t.status])).toEqual(fromRun.trials.map((t) => [t.id, t.status]));
  });

  it('sweep status of the array sweep reads its trials from their folders', () => {
    const status = runCli(['sweep', 'status', sweep]);
    expect(status.stdout).toContain('run as array tasks');
    expect(status.stdout).toContain('2 trials: 2 done, 0 running, 0 failed, 0 pending');
    expect(status.status).toBe(0);
  });

  it('collect run again records nothing and leaves the store as it was', async () => {
    const before = await readStore(sweep);
    const again = runCli(['sweep', 'collect', sweep]);
    expect(again.stdout).toMatch(/\(0 results recorded now\)/);
    expect(again.status).toBe(0);
    expect(await readStore(sweep)).toEqual(before);
    expect(readdirSync(join(sweep, 'checkpoints'))).toHaveLength(2);
  });

  it('collect of a folder without the spec copy asks for --spec', () => {
    const folder = join(work, 'reference'); // a sweep folder of `sweep run`, which copies no spec
    const collected = runCli(['sweep', 'collect', folder]);
    expect(collected.stderr).toContain(`${folder} has no spec.yaml (the copy \`clusterlens slurm --mode array\` writes); give the sweep's spec with --spec <spec.yaml>`);
    expect(collected.status).toBe(1);
  });

  it('collect lists the trials whose tasks left failure records and exits 2', async () => {
    const failing = join(work, 'failing');
    const planned = JSON.parse(runCli(['sweep', 'plan', 'spec.yaml', '--json'], { cwd: work }).stdout) as { id: string; label: string; codeVersion: string }[];
    const at = new Date(0).toISOString();
    for (const trial of planned) {
      await writeTrialResult(trialFolder(failing, trial.id), { id: trial.id, label: trial.label, codeVersion: trial.codeVersion, host: 'node7', startedAt: at, finishedAt: at, seconds: 1, status: 'failed', error: 'out of memory', attempts: 2 });
    }
    const collected = runCli(['sweep', 'collect', failing, '--spec', join(work, 'spec.yaml')]);
    expect(collected.stdout).toMatch(/^0 of 2 trials done \(2 results recorded now\), 2 failed, 0 missing/m);
    for (const trial of planned) expect(collected.stdout).toContain(`  ${trial.id} ${trial.label}: out of memory`);
    expect(collected.status).toBe(2);
  });
});
