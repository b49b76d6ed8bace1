// A trial killed mid-run and restarted ends with exactly the results of an uninterrupted run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

import { runTrial, TrialAbortedError } from '@clusterlens/experiment';
import type { TrialMetricRow as MetricRow } from '@clusterlens/schema';

import { SMALL_TRIAL } from './support/small-trial.js';

let uninterrupted: MetricRow[];

beforeAll(async () => {
  const result = await runTrial(SMALL_TRIAL);
  uninterrupted = result.rows;
  result.model.dispose();
});

describe('crash and resume', () => {
  it('a trial killed with SIGKILL after a checkpoint resumes to identical results', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clusterlens-resume-'));
    const configFile = join(dir, 'config.json');
    await writeFile(configFile, JSON.stringify(SMALL_TRIAL));
    const checkpoints = join(dir, 'checkpoints');
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/run-trial.mjs', import.meta.url)), configFile, checkpoints], {
      stdio: 'inherit',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Kill the moment the first checkpoint exists: the trial is then mid-run.
    while (!existsSync(join(checkpoints, 'trial.safetensors'))) {
      if (child.exitCode !== null) throw new Error(`the trial process ended (${child.exitCode}) before its first checkpoint`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBeNull();

    const resumed = await runTrial(SMALL_TRIAL, { checkpointDir: checkpoints });
    expect(resumed.resumedFrom).toBeGreaterThan(0);
    expect(resumed.resumedFrom).toBeLessThan(120);
    expect(resumed.rows).toEqual(uninterrupted);
  });

  it('a trial stopped through its abort signal checkpoints and resumes to identical results', async () => {
    const checkpoints = await mkdtemp(join(tmpdir(), 'clusterlens-abort-'));
    const abort = new AbortController();
    await expect(
      runTrial(SMALL_TRIAL, {
        checkpointDir: checkpoints,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.step === 55) abort.abort();
        },
      }),
    ).rejects.toBeInstanceOf(TrialAbortedError);
    const resumed = await runTrial(SMALL_TRIAL, { checkpointDir: checkpoints });
    expect(resumed.resumedFrom).toBe(55);
    expect(resumed.rows).toEqual(uninterrupted);
  });

  it('a trial stopped before its first step resumes without evaluating step 0 again', async () => {
    const checkpoints = await mkdtemp(join(tmpdir(), 'clusterlens-abort-'));
    const abort = new AbortController();
    const stopAtStart = (p: { phase: string; step: number }) => void (p.phase === 'evaluate' && p.step === 0 && abort.abort());
    await expect(runTrial(SMALL_TRIAL, { checkpointDir: checkpoints, signal: abort.signal, onProgress: stopAtStart })).rejects.toBeInstanceOf(TrialAbortedError);
    const resumed = await runTrial(SMALL_TRIAL, { checkpointDir: checkpoints });
    expect(resumed.rows).toEqual(uninterrupted);
    resumed.model.dispose();
  });

  it('undefined metrics (NaN) saved in a checkpoint come back as NaN, not null', async () => {
    // One instance per split: no evaluated task has instances both in and out of its cluster, so the gap is NaN.
    const config = { ...SMALL_TRIAL, evaluation: { ...SMALL_TRIAL.evaluation, instancesPerSplit: 1 } };
    const checkpoints = await mkdtemp(join(tmpdir(), 'clusterlens-nan-'));
    const abort = new AbortController();
    await expect(
      runTrial(config, { checkpointDir: checkpoints, signal: abort.signal, onProgress: (p) => void (p.step === 50 && abort.abort()) }),
    ).rejects.toBeInstanceOf(TrialAbortedError);
    const resumed = await runTrial(config, { checkpointDir: checkpoints });
    const gaps = resumed.rows.filter((r) => r.metric === 'within-task-accuracy-gap' && r.step < 50);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((r) => Number.isNaN(r.value))).toBe(true);
    resumed.model.dispose();
  });

  it('a checkpoint of another config is refused', async () => {
    const checkpoints = await mkdtemp(join(tmpdir(), 'clusterlens-other-'));
    const abort = new AbortController();
    abort.abort();
    await expect(runTrial(SMALL_TRIAL, { checkpointDir: checkpoints, signal: abort.signal })).rejects.toBeInstanceOf(TrialAbortedError);
    await expect(runTrial({ ...SMALL_TRIAL, seed: 4 }, { checkpointDir: checkpoints })).rejects.toThrow(/belongs to another config/);
  });
});
