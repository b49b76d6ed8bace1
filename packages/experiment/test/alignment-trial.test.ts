// A trial with an alignment stage, end to end on a toy suite: it measures its outcomes before and after alignment,
// the pre-training is shared through the cache, and a resumed alignment ends as an uninterrupted one. What alignment
// does to the outcomes is a statistic over seeds: test/alignment-sweep.test.ts asserts it on means of several trials.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PRETRAINING_RECORD, runTrial, TrialAbortedError } from '@clusterlens/experiment';
import type { TrialMetricRow } from '@clusterlens/schema';

import { TOY_ALIGNMENT, TOY_ALIGNMENT_STEPS, TOY_PRETRAINING_STEPS } from './support/toy-alignment.js';

const BEFORE = TOY_PRETRAINING_STEPS;
const AFTER = TOY_PRETRAINING_STEPS + TOY_ALIGNMENT_STEPS;

// The trials of this file share one pre-training through the cache, as a sweep's trials do.
let work: string;
let pretrainedDir: string;
let rows: TrialMetricRow[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'clusterlens-align-'));
  pretrainedDir = join(work, 'pretrained');
  const result = await runTrial(TOY_ALIGNMENT, { checkpointDir: join(work, 'random'), pretrainedDir });
  rows = result.rows;
  result.model.dispose();
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('alignment trial (toy suite, SFT)', () => {
  it('keeps the pre-training rows and measures the outcomes before and after alignment', () => {
    const steps = [...new Set(rows.filter((r) => r.metric === 'refusal-rate').map((r) => r.step))];
    expect(steps).toEqual([BEFORE, AFTER]);
    for (const metric of ['refusal-rate', 'false-refusal-rate', 'allowed-accuracy']) {
      for (const split of ['train', 'validation']) {
        const measured = rows.filter((r) => r.metric === metric && r.split === split && r.layer === null);
        expect(measured.map((r) => r.step), `${metric} on ${split}`).toEqual([BEFORE, AFTER]);
        for (const r of measured) {
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(rows.some((r) => r.metric === 'ari' && r.step === 0)).toBe(true);
    expect(rows.some((r) => r.metric === 'ari' && r.step === AFTER)).toBe(true);
  });

  it('an alignment stopped through its abort signal resumes to identical results', async () => {
    const checkpointDir = join(work, 'resumed');
    const abort = new AbortController();
    const stopAt = BEFORE + 25;
    await expect(
      runTrial(TOY_ALIGNMENT, { checkpointDir, pretrainedDir, signal: abort.signal, onProgress: (p) => p.step === stopAt && p.phase === 'train' && abort.abort() }),
    ).rejects.toBeInstanceOf(TrialAbortedError);
    const resumed = await runTrial(TOY_ALIGNMENT, { checkpointDir, pretrainedDir });
    resumed.model.dispose();
    expect(resumed.resumedFrom).toBe(stopAt);
    expect(resumed.rows).toEqual(rows);
  });
});

describe('shared pre-training', () => {
  it('a second variant of the same seed reads the cached pre-training instead of training again', async () => {
    const cluster = await runTrial({ ...TOY_ALIGNMENT, alignment: { ...TOY_ALIGNMENT.alignment, selection: 'cluster' } }, { checkpointDir: join(work, 'cluster'), pretrainedDir });
    cluster.model.dispose();
    const record = (dir: string) => JSON.parse(readFileSync(join(work, dir, PRETRAINING_RECORD), 'utf8'));
    expect(record('random').source).toBe('trained');
    expect(record('cluster').source).toBe('cache');
    expect(existsSync(join(work, 'cluster', 'pretraining'))).toBe(false);
    const upTo = (r: TrialMetricRow[]) => r.filter((row) => row.step <= BEFORE);
    expect(upTo(cluster.rows)).toEqual(upTo(rows));
  });

  it('a pre-training in memory gives the rows of the cached one', async () => {
    const inMemory = await runTrial(TOY_ALIGNMENT);
    inMemory.model.dispose();
    expect(inMemory.rows).toEqual(rows);
  });

  it('two variants pre-training at once both publish the same pre-training, leaving no temporary file', async () => {
    const short = { ...TOY_ALIGNMENT, training: { steps: 60, batchSize: 16 }, evaluation: { ...TOY_ALIGNMENT.evaluation, every: 60 } };
    const variant = (selection: 'random' | 'cluster') => ({ ...short, alignment: { ...TOY_ALIGNMENT.alignment, steps: 5, selection } });
    const dir = join(work, 'race');
    const results = await Promise.all([
      runTrial(variant('random'), { pretrainedDir: join(dir, 'pretrained') }),
      runTrial(variant('cluster'), { pretrainedDir: join(dir, 'pretrained') }),
    ]);
    for (const r of results) r.model.dispose();
    expect(readdirSync(join(dir, 'pretrained'))).toEqual([expect.stringMatching(/^[0-9a-f]{16}\.safetensors$/)]);
    const upTo = (r: TrialMetricRow[]) => r.filter((row) => row.step <= 60);
    expect(upTo(results[1].rows)).toEqual(upTo(results[0].rows));
    const reread = await runTrial(variant('random'), { pretrainedDir: join(dir, 'pretrained') });
    reread.model.dispose();
    expect(reread.rows).toEqual(results[0].rows);
  });

  it('alignment.from aligns the pre-training another run saved, with the same results', async () => {
    const from = await runTrial({ ...TOY_ALIGNMENT, alignment: { ...TOY_ALIGNMENT.alignment, from: join(work, 'random', 'pretraining') } });
    from.model.dispose();
    expect(from.rows).toEqual(rows);
  });

  it('alignment.from refuses a checkpoint of another config, naming the difference', async () => {
    const dir = join(work, 'other');
    const other = await runTrial({ ...TOY_ALIGNMENT, alignment: undefined, training: { steps: 20, batchSize: 16 } }, { checkpointDir: dir });
    other.model.dispose();
    await expect(runTrial({ ...TOY_ALIGNMENT, alignment: { ...TOY_ALIGNMENT.alignment, from: dir } })).rejects.toThrow(
      /alignment\.from: .*trial\.safetensors: its config differs from this trial's without alignment: training\.steps: checkpoint 20, this trial 800/,
    );
  });
});
