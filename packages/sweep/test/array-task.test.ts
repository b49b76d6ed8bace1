// A sweep run as independent tasks (Slurm array tasks): each runs its slice of the plan and leaves result.json
// files; nothing is stored until collectSweep.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { plan, readTrialResult, runSweepTask, taskTrials, trialFolder, type SweepSpecInput } from '@clusterlens/sweep';

import { registerFixtures, tempDir } from './support/fixtures.js';

beforeAll(() => registerFixtures());

const CODE = { codeVersion: 'fixtures-1' };
const spec: SweepSpecInput = { name: 'tasks', trial: 'noop', interventions: { a: { x: 1 }, b: { x: 2 } }, seeds: [0, 1, 2] };

describe('taskTrials', () => {
  it('gives task i the trials i*n .. i*n+n-1 of the plan, the last task what is left', () => {
    const trials = plan(spec, CODE);
    expect(taskTrials(trials, 0, 4).map((t) => t.id)).toEqual(trials.slice(0, 4).map((t) => t.id));
    expect(taskTrials(trials, 1, 4).map((t) => t.id)).toEqual(trials.slice(4).map((t) => t.id));
  });

  it('rejects a task index past the plan, naming the valid range', () => {
    expect(() => taskTrials(plan(spec, CODE), 2, 4)).toThrow(/task 2 does not exist: 6 trials at 4 per task make tasks 0\.\.1/);
  });
});

describe('runSweepTask', () => {
  it("writes a done result.json with the trial's rows for each trial of its slice, and for no other", async () => {
    const dir = await tempDir();
    const trials = plan(spec, CODE);
    const result = await runSweepTask(spec, { dir, task: 1, trialsPerTask: 2 });
    expect(result).toMatchObject({ done: 2, skipped: 0, failed: 0, interrupted: false });
    expect((await readdir(join(dir, 'checkpoints'))).sort()).toEqual([trials[2]!.id, trials[3]!.id].sort());
    const written = await readTrialResult(trialFolder(dir, trials[2]!.id));
    expect(written).toMatchObject({ id: trials[2]!.id, label: trials[2]!.label, status: 'done', codeVersion: 'fixtures-1' });
    expect(written!.status === 'done' && written!.rows).toEqual([{ split: 'train', layer: null, step: 0, metric: 'x', value: 1 }]);
  });

  it('skips the trials whose result.json says done when it runs again', async () => {
    const dir = await tempDir();
    await runSweepTask(spec, { dir, task: 0, trialsPerTask: 3 });
    const started: string[] = [];
    const again = await runSweepTask(spec, { dir, task: 0, trialsPerTask: 3, onEvent: (e) => e.type === 'started' && started.push(e.trial.id) });
    expect(again).toMatchObject({ done: 0, skipped: 3 });
    expect(started).toEqual([]);
  });

  it('stopped by its signal, leaves no result and resumes the trial from its checkpoint on the next run', async () => {
    const dir = await tempDir();
    const long: SweepSpecInput = { name: 'long', trial: 'steps', base: { steps: 200, stepMs: 5 } };
    const stop = new AbortController();
    const first = await runSweepTask(long, {
      dir,
      task: 0,
      signal: stop.signal,
      onEvent: (e) => e.type === 'progress' && stop.abort(),
    });
    expect(first).toMatchObject({ done: 0, interrupted: true });
    const [trial] = plan(long, CODE);
    expect(await readTrialResult(trialFolder(dir, trial!.id))).toBeUndefined();

    expect(await runSweepTask(long, { dir, task: 0 })).toMatchObject({ done: 1, interrupted: false });
    const result = await readTrialResult(trialFolder(dir, trial!.id));
    const resumedFrom = result!.status === 'done' ? result!.rows.find((r) => r.metric === 'resumed-from')!.value : NaN;
    expect(resumedFrom).toBeGreaterThan(0);
  });

  it('retries a retryable failure within the task', async () => {
    const dir = await tempDir();
    const flaky: SweepSpecInput = { name: 'f', trial: 'flaky', base: { failTimes: 1 }, maxAttempts: 2 };
    expect(await runSweepTask(flaky, { dir, task: 0, retryDelayMs: 1 })).toMatchObject({ done: 1, failed: 0 });
  });

  it('leaves a failure record for a user error, without retrying it', async () => {
    const dir = await tempDir();
    const bad: SweepSpecInput = { name: 'bad', trial: 'recipeError', base: { recipe: 'nope' }, maxAttempts: 3 };
    expect(await runSweepTask(bad, { dir, task: 0, retryDelayMs: 1 })).toMatchObject({ done: 0, failed: 1 });
    const [trial] = plan(bad, CODE);
    expect(await readTrialResult(trialFolder(dir, trial!.id))).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/RecipeError: .*'nope' is not a recipe/) });
  });
});

describe('result.json', () => {
  it('is written whole through a temporary file that does not stay behind', async () => {
    const dir = await tempDir();
    await runSweepTask(spec, { dir, task: 0 });
    const [trial] = plan(spec, CODE);
    expect(await readdir(trialFolder(dir, trial!.id))).toEqual(['result.json']);
    expect(JSON.parse(await readFile(join(trialFolder(dir, trial!.id), 'result.json'), 'utf8'))).toMatchObject({ id: trial!.id, status: 'done' });
  });

  it('read back with a missing field is an error naming the file, the field and the fix', async () => {
    const folder = join(await tempDir(), 'checkpoints', 'abc');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'result.json'), JSON.stringify({ id: 'abc', label: 'a', host: 'h', startedAt: 't', finishedAt: 't', codeVersion: 'v', seconds: 1, status: 'done' }));
    await expect(readTrialResult(folder)).rejects.toThrow(/abc\/result\.json: 'rows' must be an array of metric rows; delete the file and run the trial's task again/);
  });
});
