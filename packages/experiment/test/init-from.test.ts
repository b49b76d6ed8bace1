// `init.from`: a trial starting from a Hugging Face GPT-2 directory, its shape and weights' hash in the resolved config.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError, parseTrialConfig, pinInitWeights, runTrial, TrialSeeds, trialSuite } from '@clusterlens/experiment';
import { Gpt } from '@clusterlens/model';
import { batchTensors, trainSampler } from '@clusterlens/tasks';

import { probeOnlyTrial, TINY_GPT2, writeTinyGpt2 } from './support/tiny-gpt2.js';

const scratch = mkdtempSync(join(tmpdir(), 'clusterlens-init-from-'));
const modelDir = join(scratch, 'gpt2');
const fileSha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const natural = { kind: 'natural', vocabulary: 'gpt2' } as const;

beforeAll(() => writeTinyGpt2(modelDir, 3));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('init.from in a trial config', () => {
  it("resolves model to the directory's shape and init.sha256 to the hash of its model.safetensors", () => {
    const config = parseTrialConfig({ init: { from: modelDir }, data: natural });
    const { nLayer, nHead, nEmbd, layerNormEps } = TINY_GPT2;
    expect(config.model).toEqual({ nLayer, nHead, nEmbd, layerNormEps });
    expect(config.init).toEqual({ from: modelDir, sha256: fileSha256(join(modelDir, 'model.safetensors')) });
  });

  it("pinInitWeights adds the weights' hash to a config that states none, and leaves every other config as it is", () => {
    const sha256 = fileSha256(join(modelDir, 'model.safetensors'));
    expect(pinInitWeights({ seed: 1, init: { from: modelDir } })).toEqual({ seed: 1, init: { from: modelDir, sha256 } });
    const stated = { init: { from: modelDir, sha256: 'f'.repeat(64) } };
    expect(pinInitWeights(stated)).toBe(stated);
    const unreadable = { init: { from: join(scratch, 'missing') } };
    expect(pinInitWeights(unreadable)).toBe(unreadable);
    const withoutInit = { seed: 1 };
    expect(pinInitWeights(withoutInit)).toBe(withoutInit);
  });

  it('is written nowhere in a config without it, so its trial id stays what it was', () => {
    expect(JSON.stringify(parseTrialConfig({}))).not.toContain('init');
    expect(JSON.stringify(parseTrialConfig({ data: { kind: 'natural' } }))).not.toContain('init');
  });

  it("accepts a model section that states the directory's shape, and names each field that differs", () => {
    expect(parseTrialConfig({ init: { from: modelDir }, data: natural, model: { nLayer: 2, nEmbd: 16 } }).model.nLayer).toBe(2);
    const conflicting = () => parseTrialConfig({ init: { from: modelDir }, data: natural, model: { nLayer: 3, nHead: 4 } });
    expect(conflicting).toThrow(ConfigError);
    expect(conflicting).toThrow(/model\.nLayer: 3 conflicts with n_layer 2 of .*config\.json; with init\.from leave model out/);
    expect(conflicting).toThrow(/model\.nHead: 4 conflicts with n_head 2/);
  });

  it("requires the natural suite with GPT-2's own ids, naming data.vocabulary and the fix", () => {
    expect(() => parseTrialConfig({ init: { from: modelDir }, data: { kind: 'natural' } })).toThrow(/data\.vocabulary: 'compact' .* set data\.vocabulary: gpt2/);
    expect(() => parseTrialConfig({ init: { from: modelDir } })).toThrow(/data\.kind: 'synthetic' cannot start from a pre-trained GPT-2/);
  });

  it("refuses a context longer than the model's n_positions", () => {
    expect(() => parseTrialConfig({ init: { from: modelDir }, data: { ...natural, contextLength: 49 } })).toThrow(
      /data\.contextLength: 49 is longer than n_positions 48 of .*config\.json; use at most 48/,
    );
  });

  it('refuses a directory it cannot read and a sha256 the weights do not have', () => {
    expect(() => parseTrialConfig({ init: { from: join(scratch, 'absent') }, data: natural })).toThrow(/init\.from: cannot read .*absent\/config\.json/);
    expect(() => parseTrialConfig({ init: { from: modelDir, sha256: '0'.repeat(64) }, data: natural })).toThrow(/init\.sha256: 0{64} is not the sha256 of/);
    expect(() => parseTrialConfig({ init: { from: modelDir, sha256: 0 }, data: natural })).toThrow(/init\.sha256: /);
  });

  it('allows training.steps 0 only with init.from', () => {
    expect(() => parseTrialConfig({ training: { steps: 0 } })).toThrow(/training\.steps: 0 trains nothing.*set init\.from or steps >= 1/);
    expect(parseTrialConfig(probeOnlyTrial(modelDir)).training.steps).toBe(0);
  });
});

describe('a trial from a pre-trained GPT-2', () => {
  it('with training.steps 0 probes the loaded weights at step 0 only, leaving them as they were', async () => {
    const result = await runTrial(probeOnlyTrial(modelDir));
    const loaded = await Gpt.fromHuggingFace(modelDir);
    try {
      for (const [name, values] of loaded.params()) expect(result.model.params().get(name), name).toEqual(values);
    } finally {
      loaded.dispose();
      result.model.dispose();
    }
    expect(new Set(result.rows.map((r) => r.step))).toEqual(new Set([0]));
    const ariLayers = result.rows.filter((r) => r.metric === 'ari' && r.split === 'train').map((r) => r.layer);
    expect(ariLayers.sort()).toEqual([0, 1, 2]);
    expect(result.rows.some((r) => r.metric === 'train-loss')).toBe(false);
  });

  it("fine-tunes from exactly the loaded weights: the first step's loss is the loaded model's loss on that batch", async () => {
    const config = { ...probeOnlyTrial(modelDir), training: { steps: 2, batchSize: 4 } };
    const resolved = parseTrialConfig(config);
    const seeds = new TrialSeeds(resolved.seed);
    const batch = trainSampler(trialSuite(resolved.data, seeds), seeds.sampler).next(4);
    const { tokens, labels } = batchTensors(batch, resolved.training.loss);
    const loaded = await Gpt.fromHuggingFace(modelDir);
    const { loss: loadedLoss } = await loaded.forward(tokens, { batch: 4, labels });
    const result = await runTrial(config);
    try {
      const firstLoss = result.rows.find((r) => r.metric === 'train-loss' && r.step === 1)!.value;
      expect(firstLoss).toBeCloseTo(loadedLoss!, 4);
      const moved = [...loaded.params()].some(([name, values]) => !result.model.params().get(name)!.every((v, i) => v === values[i]));
      expect(moved).toBe(true);
    } finally {
      loaded.dispose();
      result.model.dispose();
    }
  });

  it('records the weights in its checkpoint and refuses to resume it from other weights', async () => {
    const dir = join(scratch, 'resume');
    const weights = join(scratch, 'changing');
    await writeTinyGpt2(weights, 5);
    const config = { ...probeOnlyTrial(weights), training: { steps: 1, batchSize: 4 } };
    const first = await runTrial(config, { checkpointDir: dir });
    first.model.dispose();
    const saved = await Gpt.load(join(dir, 'trial.safetensors'));
    expect(JSON.parse(saved.checkpointExtra.trial!).initSha256).toBe(first.config.init!.sha256);
    saved.dispose();

    await writeTinyGpt2(weights, 6);
    await expect(runTrial(config, { checkpointDir: dir })).rejects.toThrow(/trained from weights with sha256 [0-9a-f]{64}, but init\.from now has [0-9a-f]{64}/);
    await expect(runTrial(first.config, { checkpointDir: dir })).rejects.toThrow(/init\.sha256: [0-9a-f]{64} is not the sha256 of/);
  });
});
