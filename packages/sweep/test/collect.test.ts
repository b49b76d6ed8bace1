// collectSweep stores what independent tasks left in a sweep folder, as runSweep would have stored it.
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';

import { beforeAll, describe, expect, it } from 'vitest';

import { collectSweep, plan, runSweep, runSweepTask, trialFolder, writeTrialResult, type SweepSpecInput } from '@clusterlens/sweep';

import { readStore, registerFixtures, tempDir } from './support/fixtures.js';

beforeAll(() => registerFixtures());

const CODE = { codeVersion: 'fixtures-1' };
const spec: SweepSpecInput = { name: 'collect', trial: 'steps', base: { steps: 3, stepMs: 1 }, interventions: { a: {}, b: { stepMs: 2 } }, seeds: [0, 1] };

async function runAllTasks(input: SweepSpecInput, dir: string, trialsPerTask: number, tasks: number): Promise<void> {
  for (let task = 0; task < tasks; task++) await runSweepTask(input, { dir, task, trialsPerTask });
}

describe('collectSweep', () => {
  it('stores the same trials and metric rows as runSweep', async () => {
    const [array, local] = [await tempDir(), await tempDir()];
    await runAllTasks(spec, array, 2, 2);
    expect(await collectSweep(spec, { dir: array })).toMatchObject({ total: 4, recorded: 4, done: 4, failed: [], missing: [] });
    await runSweep(spec, { dir: local, concurrency: 1 });
    const [collected, reference] = [await readStore(array), await readStore(local)];
    expect(collected.metrics).toEqual(reference.metrics);
    const outcome = (t: (typeof collected.trials)[number]) => ({ id: t.id, label: t.label, status: t.status, attempts: t.attempts, host: t.host, error: t.error });
    expect(collected.trials.map(outcome)).toEqual(reference.trials.map(outcome));
    expect(collected.trials.every((t) => t.host === hostname() && t.startedAt !== null && t.finishedAt !== null && t.seconds !== null)).toBe(true);
  });

  it('run twice, leaves the same store and records nothing the second time', async () => {
    const dir = await tempDir();
    await runAllTasks(spec, dir, 4, 1);
    await collectSweep(spec, { dir });
    const before = await readStore(dir);
    expect(await collectSweep(spec, { dir })).toMatchObject({ recorded: 0, done: 4 });
    expect(await readStore(dir)).toEqual(before);
  });

  it('lists the trials that have no result yet as missing', async () => {
    const dir = await tempDir();
    const trials = plan(spec, CODE);
    await runSweepTask(spec, { dir, task: 0, trialsPerTask: 1 });
    const result = await collectSweep(spec, { dir });
    expect(result).toMatchObject({ done: 1, failed: [] });
    expect(result.missing.map((t) => t.id).sort()).toEqual(trials.slice(1).map((t) => t.id).sort());
  });

  it('records a failure record as a failed trial with its error', async () => {
    const dir = await tempDir();
    const bad: SweepSpecInput = { name: 'bad', trial: 'recipeError', base: { recipe: 'nope' } };
    await runSweepTask(bad, { dir, task: 0 });
    const [trial] = plan(bad, CODE);
    const result = await collectSweep(bad, { dir });
    expect(result.failed).toEqual([{ id: trial!.id, label: trial!.label, error: expect.stringMatching(/RecipeError: .*'nope' is not a recipe/) }]);
    expect((await readStore(dir)).trials[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it("replaces a stored failure with the trial's later result", async () => {
    const dir = await tempDir();
    const one: SweepSpecInput = { ...spec, interventions: { a: {} }, seeds: [0] };
    const [trial] = plan(one, CODE);
    const at = new Date('2026-01-01T00:00:00.000Z').toISOString();
    const base = { id: trial!.id, label: trial!.label, host: 'node7', startedAt: at, finishedAt: at, seconds: 0, codeVersion: 'fixtures-1' };
    await writeTrialResult(trialFolder(dir, trial!.id), { ...base, status: 'failed', error: 'node7 ran out of memory', attempts: 2 });
    expect((await collectSweep(one, { dir })).failed).toHaveLength(1);
    await rm(trialFolder(dir, trial!.id), { recursive: true });
    await runSweepTask(one, { dir, task: 0 });
    expect(await collectSweep(one, { dir })).toMatchObject({ recorded: 1, done: 1, failed: [] });
    expect((await readStore(dir)).trials[0]).toMatchObject({ status: 'done', error: null, attempts: 2 });
  });
});
