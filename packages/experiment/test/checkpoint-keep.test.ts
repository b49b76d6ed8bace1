// checkpoint.keep: snapshots of chosen steps kept as step-<n>.safetensors next to the latest checkpoint, through resumes,
// without changing the resolved config (and so the trial id) of configs that do not use it.
import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseTrialConfig, runTrial, TRIAL_DEFAULTS, TrialAbortedError, trialHash, type TrialConfigInput } from '@clusterlens/experiment';
import { Gpt } from '@clusterlens/model';
import { DEFAULT_TRIAL_HASH, SMALL_CONFIG, SMALL_CONFIG_HASH } from './support/pinned-hashes.js';

// Evaluations at 0, 6 and 12; step 3 listed on its own.
const KEEPING: TrialConfigInput = {
  seed: 5,
  model: { nLayer: 1, nHead: 2, nEmbd: 16 },
  training: { steps: 12, batchSize: 8 },
  evaluation: { every: 6, early: 0, instancesPerSplit: 16, splits: ['train'], kmeans: { nInit: 1 } },
  probe: { saveRepresentations: false },
  checkpoint: { every: 100, keep: [3, 'evaluations'] },
};

const snapshots = async (dir: string) => (await readdir(dir)).filter((f) => f.startsWith('step-')).sort();

async function paramsOf(file: string): Promise<Map<string, Float32Array>> {
  const gpt = await Gpt.load(file);
  try {
    return gpt.params();
  } finally {
    gpt.dispose();
  }
}

describe('checkpoint.keep', () => {
  it('leaves configs without it resolved as before: the pinned hashes', () => {
    expect(trialHash(TRIAL_DEFAULTS)).toBe(DEFAULT_TRIAL_HASH);
    expect(trialHash(parseTrialConfig(SMALL_CONFIG))).toBe(SMALL_CONFIG_HASH);
    expect(parseTrialConfig(SMALL_CONFIG).checkpoint).toEqual({ every: 30 });
  });

  it('rejects a kept step after the last training step, naming the field', () => {
    expect(() => parseTrialConfig({ ...KEEPING, checkpoint: { keep: [13] } })).toThrow(/checkpoint\.keep\[0\]: step 13 is after the last training step 12/);
  });

  it('keeps each listed step and every evaluation step, each holding the model of its step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clusterlens-keep-'));
    const result = await runTrial(KEEPING, { checkpointDir: dir });
    result.model.dispose();
    expect(await snapshots(dir)).toEqual(['step-0.safetensors', 'step-12.safetensors', 'step-3.safetensors', 'step-6.safetensors']);
    for (const step of [0, 3, 6, 12]) {
      const gpt = await Gpt.load(join(dir, `step-${step}.safetensors`));
      expect(gpt.stepCount).toBe(step);
      gpt.dispose();
    }
  });

  it('keeps snapshots across a resume: earlier ones untouched, later ones those of an uninterrupted run', async () => {
    const whole = await mkdtemp(join(tmpdir(), 'clusterlens-keep-whole-'));
    (await runTrial(KEEPING, { checkpointDir: whole })).model.dispose();

    const dir = await mkdtemp(join(tmpdir(), 'clusterlens-keep-resume-'));
    const abort = new AbortController();
    await expect(
      runTrial(KEEPING, { checkpointDir: dir, signal: abort.signal, onProgress: (p) => p.step === 4 && abort.abort() }),
    ).rejects.toBeInstanceOf(TrialAbortedError);
    expect(await snapshots(dir)).toEqual(['step-0.safetensors', 'step-3.safetensors']);
    const before = await readFile(join(dir, 'step-3.safetensors'));

    const resumed = await runTrial(KEEPING, { checkpointDir: dir });
    resumed.model.dispose();
    expect(resumed.resumedFrom).toBe(4);
    expect(await readFile(join(dir, 'step-3.safetensors'))).toEqual(before);
    expect(await snapshots(dir)).toEqual(await snapshots(whole));
    expect(await paramsOf(join(dir, 'step-12.safetensors'))).toEqual(await paramsOf(join(whole, 'step-12.safetensors')));
  });
});
