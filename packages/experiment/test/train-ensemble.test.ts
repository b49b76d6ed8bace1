// trainEnsemble: trials that differ only by their seed, trained in lock-step, each with the rows and checkpoint of the
// trial run alone (on 'cpu' bit for bit), through an abort and resume, and from checkpoints of different steps.
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import {
  ensembleKey,
  parseTrialConfig,
  runTrial,
  TrialAbortedError,
  trainEnsemble,
  type TrialConfig,
  type TrialContext,
} from '@clusterlens/experiment';
import type { TrialMetricRow } from '@clusterlens/schema';

const SEEDS = [0, 1, 2];

const BASE = {
  model: { nLayer: 1, nHead: 2, nEmbd: 16 },
  optimizer: { warmupSteps: 4, lr: 3e-3 },
  training: { steps: 24, batchSize: 8 },
  evaluation: { every: 8, early: 1, instancesPerSplit: 24, splits: ['train', 'validation'], kmeans: { nInit: 1 } },
  probe: { saveRepresentations: false },
  checkpoint: { every: 8 },
};

const configOf = (seed: number): TrialConfig => parseTrialConfig({ ...BASE, seed });
const scratch = () => mkdtemp(join(tmpdir(), 'clusterlens-ensemble-'));

let alone: { rows: TrialMetricRow[]; checkpoint: Buffer }[];

beforeAll(async () => {
  alone = [];
  for (const seed of SEEDS) {
    const dir = await scratch();
    const result = await runTrial(configOf(seed), { checkpointDir: dir });
    result.model.dispose();
    alone.push({ rows: result.rows, checkpoint: await readFile(join(dir, 'trial.safetensors')) });
  }
});

async function members(contexts: (seed: number) => Promise<TrialContext>) {
  return Promise.all(SEEDS.map(async (seed) => ({ config: configOf(seed), ctx: await contexts(seed) })));
}

describe('trainEnsemble', () => {
  it("gives each member the rows and checkpoint bytes of its trial alone ('cpu')", async () => {
    const dirs = await Promise.all(SEEDS.map(() => scratch()));
    const results = await trainEnsemble(await members(async (seed) => ({ checkpointDir: dirs[seed] })));
    for (const [i, result] of results.entries()) {
      expect(result.rows).toEqual(alone[i].rows);
      expect((await readFile(join(dirs[i], 'trial.safetensors'))).equals(alone[i].checkpoint)).toBe(true);
      result.model.dispose();
    }
  });

  it('stops every member with a checkpoint when one is aborted, and resumes to the rows of an uninterrupted run', async () => {
    const dirs = await Promise.all(SEEDS.map(() => scratch()));
    const abort = new AbortController();
    const stopping = await members(async (seed) => ({
      checkpointDir: dirs[seed],
      signal: abort.signal,
      onProgress: (p) => {
        if (seed === 1 && p.step === 11) abort.abort();
      },
    }));
    await expect(trainEnsemble(stopping)).rejects.toBeInstanceOf(TrialAbortedError);
    const results = await trainEnsemble(await members(async (seed) => ({ checkpointDir: dirs[seed] })));
    for (const [i, result] of results.entries()) {
      expect(result.resumedFrom).toBe(11);
      expect(result.rows).toEqual(alone[i].rows);
    }
  });

  it('lets members resumed from earlier checkpoints catch up alone before the lock-step', async () => {
    const dirs = await Promise.all(SEEDS.map(() => scratch()));
    const abort = new AbortController();
    await expect(
      runTrial(configOf(2), { checkpointDir: dirs[2], signal: abort.signal, onProgress: (p) => p.step === 13 && abort.abort() }),
    ).rejects.toBeInstanceOf(TrialAbortedError);
    const results = await trainEnsemble(await members(async (seed) => ({ checkpointDir: dirs[seed] })));
    expect(results.map((r) => r.resumedFrom)).toEqual([null, null, 13]);
    for (const [i, result] of results.entries()) expect(result.rows).toEqual(alone[i].rows);
  });

  it('refuses members whose configs differ in more than the seed', async () => {
    const other = { config: parseTrialConfig({ ...BASE, seed: 1, optimizer: { lr: 1e-3 } }), ctx: {} };
    await expect(trainEnsemble([{ config: configOf(0), ctx: {} }, other])).rejects.toThrow(/member 1's config differs from member 0's/);
  });
});

describe('ensembleKey', () => {
  it('is the same for configs that differ only by seed, and differs otherwise', () => {
    expect(ensembleKey(configOf(0))).toBe(ensembleKey(configOf(5)));
    expect(ensembleKey(parseTrialConfig({ ...BASE, training: { ...BASE.training, steps: 30 } }))).not.toBe(ensembleKey(configOf(0)));
  });

  it('is undefined for trials whose steps compute objectives outside the engine (an auxiliary loss)', () => {
    const auxiliary = parseTrialConfig({ ...BASE, training: { ...BASE.training, auxiliaryLoss: { kind: 'centre', weight: 0.1, layer: 1 } } });
    expect(ensembleKey(auxiliary)).toBeUndefined();
  });
});
