// Re-running a spec resumes it: finished trials are never run again; everything else is.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { plan, runSweep, SweepStore, type SweepSpecInput } from '@clusterlens/sweep';

import { readStore, registerFixtures, tempDir } from './support/fixtures.js';

beforeAll(() => registerFixtures());

const spec: SweepSpecInput = { name: 'resume', trial: 'steps', base: { steps: 3, stepMs: 1 }, interventions: { a: {}, b: { stepMs: 2 } }, seeds: [0, 1] };

describe('resume', () => {
  it('a second run of the same spec runs nothing and changes nothing', async () => {
    const dir = await tempDir();
    const first = await runSweep(spec, { dir, concurrency: 1 });
    expect(first).toMatchObject({ total: 4, done: 4, skipped: 0, failed: 0, interrupted: false });
    const before = await readStore(dir);

    const started: string[] = [];
    const second = await runSweep(spec, { dir, concurrency: 1, onEvent: (e) => e.type === 'started' && started.push(e.trial.label) });
    expect(second).toMatchObject({ total: 4, done: 0, skipped: 4 });
    expect(started).toEqual([]);
    expect(await readStore(dir)).toEqual(before);
  });

  it('a grown spec runs only its new trials', async () => {
    const dir = await tempDir();
    await runSweep(spec, { dir, concurrency: 1 });
    const started: string[] = [];
    const grown = await runSweep({ ...spec, seeds: [0, 1, 2] }, { dir, concurrency: 1, onEvent: (e) => e.type === 'started' && started.push(e.trial.label) });
    expect(grown).toMatchObject({ total: 6, skipped: 4, done: 2 });
    expect(started).toEqual(['a seed=2', 'b seed=2']);
  });

  it('new code (another code version) runs every trial again, under new ids', async () => {
    const dir = await tempDir();
    await runSweep(spec, { dir, concurrency: 1 });
    registerFixtures({ codeVersion: 'fixtures-2' });
    try {
      expect(await runSweep(spec, { dir, concurrency: 1 })).toMatchObject({ skipped: 0, done: 4 });
      expect((await readStore(dir)).trials).toHaveLength(8);
    } finally {
      registerFixtures();
    }
  });

  it('retries the trials that failed in an earlier run', async () => {
    const dir = await tempDir();
    const flaky: SweepSpecInput = { name: 'f', trial: 'flaky', base: { failTimes: 1 }, maxAttempts: 1 };
    expect(await runSweep(flaky, { dir })).toMatchObject({ failed: 1, done: 0 });
    expect(await runSweep(flaky, { dir })).toMatchObject({ failed: 0, done: 1 });
    expect((await readStore(dir)).trials[0]).toMatchObject({ status: 'done', attempts: 2, error: null });
  });

  it('restarts a trial left running by a coordinator that died, from its checkpoint', async () => {
    const dir = await tempDir();
    const [first] = plan(spec, { codeVersion: 'fixtures-1' });
    // What a killed coordinator leaves behind: the trial marked running, and its own checkpoint.
    const store = await SweepStore.open(dir);
    await store.addTrials([first!]);
    await store.markRunning(first!.id, 'dead-host', new Date());
    await store.close();
    await mkdir(join(dir, 'checkpoints', first!.id), { recursive: true });
    await writeFile(join(dir, 'checkpoints', first!.id, 'step.json'), JSON.stringify({ step: 2 }));

    expect(await runSweep(spec, { dir, concurrency: 1 })).toMatchObject({ done: 4, skipped: 0 });
    const { trials, metrics } = await readStore(dir);
    expect(trials.find((t) => t.id === first!.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(metrics.find((m) => m.trial === first!.id && m.metric === 'resumed-from')!.value).toBe(2);
  });
});
