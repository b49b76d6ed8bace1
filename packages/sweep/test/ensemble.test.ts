// Ensemble jobs: trials whose configs the registration groups (one GPU job for many seeds, say) run as one job, at
// most maxMembers to a job, and each is stored as its own trial, with the rows it gives alone; a failed job's trials
// run alone next, whatever the error, without using up an attempt.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { groupJobs, registerTrialFunction, runSweep, type PlannedTrial, type SweepEvent } from '@clusterlens/sweep';

import { FIXTURE_MODULE, readStore, tempDir } from './support/fixtures.js';

const groupKey = (config: unknown) => {
  const { group } = config as { group?: string };
  return group === undefined ? undefined : group;
};

beforeAll(() => {
  const ensemble = { export: 'echoSeedTogether', groupKey, maxMembers: 3 };
  registerTrialFunction('echoSeed', { module: FIXTURE_MODULE, export: 'echoSeed', codeVersion: 'ensemble-1', ensemble });
  registerTrialFunction('badEnsemble', { module: FIXTURE_MODULE, export: 'echoSeed', codeVersion: 'ensemble-1', ensemble: { ...ensemble, export: 'badEnsemble' } });
});

const SPEC = {
  name: 'e',
  trial: 'echoSeed',
  base: { x: 7 },
  interventions: { together: { group: 'g' }, alone: {} },
  seeds: { count: 5 },
};

async function ranIn(dir: string, id: string): Promise<string> {
  return readFile(join(dir, 'checkpoints', id, 'ran.txt'), 'utf8');
}

describe('ensemble jobs', () => {
  it('run the trials a registration groups together, at most maxMembers to a job, and the others alone', async () => {
    const dir = await tempDir();
    const result = await runSweep(SPEC, { dir, concurrency: 1 });
    expect(result).toMatchObject({ done: 10, failed: 0 });
    const { trials } = await readStore(dir);
    const together = trials.filter((t) => t.intervention === 'together').sort((a, b) => a.seed - b.seed);
    const jobs = await Promise.all(together.map((t) => ranIn(dir, t.id)));
    expect(jobs.map((j) => j.split(' of ')[1])).toEqual(['3', '3', '3', '2', '2']);
    expect(new Set(jobs).size).toBe(2);
    for (const trial of trials.filter((t) => t.intervention === 'alone')) expect(await ranIn(dir, trial.id)).toBe('alone');
  });

  it('store each member as its own trial, with the rows it gives alone', async () => {
    const dir = await tempDir();
    await runSweep(SPEC, { dir, concurrency: 2 });
    const { trials, metrics } = await readStore(dir);
    expect(trials.every((t) => t.status === 'done' && t.attempts === 1)).toBe(true);
    for (const trial of trials) {
      const rows = metrics.filter((m) => m.trial === trial.id).map((m) => [m.metric, m.value]);
      expect(rows.sort()).toEqual([['seed', trial.seed], ['x', 7]]);
    }
  });

  it("retry a failed job's trials alone", async () => {
    const dir = await tempDir();
    const events: SweepEvent[] = [];
    const spec = { ...SPEC, base: { x: 7, failEnsemble: true }, interventions: { together: { group: 'g' } }, seeds: { count: 2 } };
    const result = await runSweep(spec, { dir, concurrency: 1, retryDelayMs: 10, onEvent: (e) => events.push(e) });
    expect(result).toMatchObject({ done: 2, failed: 0 });
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { error: string }).error)).toEqual(['the ensemble job failed', 'the ensemble job failed']);
    const { trials } = await readStore(dir);
    for (const trial of trials) {
      expect(trial).toMatchObject({ status: 'done', attempts: 2 });
      expect(await ranIn(dir, trial.id)).toBe('alone');
    }
  });

  it('run the trials of a job whose result does not name them alone, after saying which field is wrong', async () => {
    const dir = await tempDir();
    const events: SweepEvent[] = [];
    const spec = { ...SPEC, trial: 'badEnsemble', interventions: { together: { group: 'g' } }, seeds: { count: 2 }, maxAttempts: 1 };
    const result = await runSweep(spec, { dir, concurrency: 1, onEvent: (e) => events.push(e) });
    expect(result).toMatchObject({ done: 2, failed: 0 });
    const retries = events.filter((e) => e.type === 'retry').map((e) => (e as { error: string }).error);
    expect(retries).toHaveLength(2);
    for (const error of retries) expect(error).toMatch(/members\[0\]\.trialId: expected a string/);
    for (const trial of (await readStore(dir)).trials) expect(await ranIn(dir, trial.id)).toBe('alone');
  });
});

describe('groupJobs', () => {
  const trial = (id: string, group?: string) => ({ id, config: group === undefined ? {} : { group } }) as unknown as PlannedTrial;
  const registration = { module: 'm', export: 'e', codeVersion: 'v', ensemble: { export: 'x', groupKey, maxMembers: 2 } };

  it('places each job where its first trial is in the plan, and chunks groups by maxMembers', () => {
    const trials = [trial('a', 'g'), trial('b'), trial('c', 'h'), trial('d', 'g'), trial('e', 'g'), trial('f', 'h')];
    const ids = groupJobs(trials, registration).map((job) => job.map((t) => t.id).join(''));
    expect(ids).toEqual(['ad', 'b', 'cf', 'e']);
  });

  it('runs every trial alone without an ensemble registration', () => {
    const { ensemble: _, ...alone } = registration;
    expect(groupJobs([trial('a', 'g'), trial('b', 'g')], alone).map((job) => job.length)).toEqual([1, 1]);
  });

  it('is refused at registration without a groupKey function', () => {
    const broken = { module: FIXTURE_MODULE, export: 'echoSeed', codeVersion: 'v', ensemble: { export: 'x' } };
    // @ts-expect-error: the groupKey is missing
    expect(() => registerTrialFunction('broken', broken)).toThrow(/'ensemble' needs an 'export' name and a 'groupKey' function/);
  });
});
