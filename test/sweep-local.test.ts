// End to end through the built CLI: a clusterlens sweep whose coordinator is killed with SIGKILL mid-sweep, then
// run again, stores every trial exactly once, does not run finished trials again, and ends with exactly the
// results of a sweep that was never interrupted.
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { StoredMetricRow } from '@clusterlens/schema';

import { runCli, startCli } from './support/cli.js';
import { readStore } from './support/store.js';


// The tiny trial, long enough (150 steps, a checkpoint every 50) that a kill lands while a trial runs.
const SPEC = `name: e2e
base:
  model: { nLayer: 1, nHead: 2, nEmbd: 16 }
  training: { steps: 150, batchSize: 8 }
  evaluation: { every: 50, early: 0, instancesPerSplit: 16, splits: [train, validation], kmeans: { nInit: 1 } }
  checkpoint: { every: 50 }
interventions:
  output: { training: { loss: output } }
  all: { training: { loss: all } }
seeds: [0, 1]
`;

let work: string;
let specFile: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'clusterlens-sweep-e2e-'));
  specFile = join(work, 'spec.yaml');
  await writeFile(specFile, SPEC);
});

describe('clusterlens sweep, end to end', () => {
  it('plans the 4 trials', () => {
    const { status, stdout } = runCli(['sweep', 'plan', specFile], { cwd: work });
    expect(status).toBe(0);
    expect(stdout).toMatch(/^id\s+label\s+intervention\s+seed\s+axes$/m);
    expect(stdout).toMatch(/^[0-9a-f]{16}\s+all seed=1\s+all\s+1\s+-$/m);
    expect(stdout).toContain('4 trials: 2 interventions x 1 grid point x 2 seeds');
  });

  it('survives SIGKILL of the coordinator: the rerun stores each trial once and reruns nothing finished', async () => {
    const dir = join(work, 'killed');
    const sweep = startCli(['sweep', 'run', specFile, '--out', dir, '--concurrency', '1', '--threads', '1'], { cwd: work });
    const child = sweep.child;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    // Kill the moment the first trial is reported done: the next one is then running.
    await sweep.waitFor(/^done /m);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const killed = await readStore(dir);
    expect(killed.trials).toHaveLength(4);
    const doneBefore = killed.trials.filter((t) => t.status === 'done');
    expect(doneBefore.length).toBeGreaterThanOrEqual(1);
    expect(doneBefore.length).toBeLessThan(4);
    expect(doneBefore.every((t) => t.attempts === 1)).toBe(true);

    const rerun = runCli(['sweep', 'run', specFile, '--out', dir, '--concurrency', '1', '--threads', '1'], { cwd: work });
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`${4 - doneBefore.length} trial${4 - doneBefore.length === 1 ? '' : 's'} done`);
    expect(rerun.stdout).toContain(`${doneBefore.length} already done before`);

    const { trials, metrics } = await readStore(dir);
    expect(trials.map((t) => t.status)).toEqual(['done', 'done', 'done', 'done']);
    // Finished trials were not run again: same attempt count, same start time.
    for (const before of doneBefore) {
      const after = trials.find((t) => t.id === before.id)!;
      expect(after.attempts).toBe(1);
      expect(after.startedAt).toBe(before.startedAt);
      expect(after.finishedAt).toBe(before.finishedAt);
    }
    // The trial that was running when the coordinator died started again (and resumed from its checkpoint).
    const wasRunning = killed.trials.filter((t) => t.status === 'running');
    for (const t of wasRunning) expect(trials.find((a) => a.id === t.id)!.attempts).toBe(2);

    // Each trial stored exactly once: no (trial, split, layer, step, metric) twice.
    const keys = metrics.map((m) => `${m.trial}|${m.split}|${m.layer}|${m.step}|${m.metric}`);
    expect(new Set(keys).size).toBe(keys.length);
    const perTrial = trials.map((t) => metrics.filter((m) => m.trial === t.id).length);
    expect(new Set(perTrial).size).toBe(1);
    expect(perTrial[0]).toBeGreaterThan(0);

    // And the results are those of an uninterrupted sweep.
    const clean = runCli(['sweep', 'run', specFile, '--out', join(work, 'clean'), '--concurrency', '1', '--threads', '1', '--no-progress'], { cwd: work });
    expect(clean.status, clean.stderr).toBe(0);
    const reference = await readStore(join(work, 'clean'));
    const byTrial = (rows: StoredMetricRow[]) => [...rows].sort((a, b) => (a.trial < b.trial ? -1 : a.trial > b.trial ? 1 : 0));
    expect(byTrial(metrics)).toEqual(byTrial(reference.metrics));
  });

  it('exports the store as Parquet', () => {
    const { status, stdout } = runCli(['sweep', 'export', join(work, 'clean'), '--format', 'parquet', '--to', join(work, 'export')], { cwd: work });
    expect(status).toBe(0);
    expect(stdout).toContain(join(work, 'export', 'metrics.parquet'));
    expect(existsSync(join(work, 'export', 'trials.parquet'))).toBe(true);
  });

  it('names the spec file and the path of a bad config before running anything', async () => {
    const bad = join(work, 'bad.yaml');
    await writeFile(bad, 'name: bad\nbase:\n  model: { nHead: 5 }\naxes:\n  optimizer.lr: { random: { normal: [0, 1] }, count: 2 }\n');
    const specError = runCli(['sweep', 'run', bad, '--out', join(work, 'bad')], { cwd: work });
    expect(specError.status).toBe(1);
    expect(specError.stderr).toBe(`clusterlens: ${bad}: axes.optimizer.lr.random: expected uniform, logUniform or choice, got normal\n`);

    await writeFile(bad, 'name: bad\nbase:\n  model: { nHead: 5 }\n');
    const configError = runCli(['sweep', 'plan', bad], { cwd: work });
    expect(configError.status).toBe(1);
    expect(configError.stderr).toBe(`clusterlens: ${bad}: base: model.nHead: 5 does not divide nEmbd 128\n`);

    // Threads belong to the executor: a config that sets them would get an id for a setting that is ignored.
    await writeFile(bad, 'name: bad\nbase:\n  threads: 2\n');
    const threads = runCli(['sweep', 'plan', bad], { cwd: work });
    expect(threads.stderr).toMatch(/base: threads: not part of a trial config; threads are a runtime option .*threadsPerTrial or --threads/);
    expect(existsSync(join(work, 'bad'))).toBe(false);
  });
});
