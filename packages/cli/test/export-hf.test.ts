// clusterlens export-hf on a `train --out` folder and on checkpoint files, through the built command. A sweep's trial
// folder, and loading the result in transformers, are tested in test/python-loaders.test.ts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { Gpt } from '@clusterlens/model';

import { clusterlens } from './support/cli.js';

const TINY = `
seed: 2
model: { nLayer: 1, nHead: 2, nEmbd: 16 }
training: { steps: 12, batchSize: 8 }
evaluation: { every: 6, early: 0, instancesPerSplit: 16, splits: [train], kmeans: { nInit: 1 } }
probe: { saveRepresentations: false }
checkpoint: { every: 6, keep: [6] }
`;

let dir: string;
let out: string;

async function params(load: Promise<Gpt>): Promise<Map<string, Float32Array>> {
  const gpt = await load;
  try {
    return gpt.params();
  } finally {
    gpt.dispose();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clusterlens-export-hf-'));
  writeFileSync(join(dir, 'trial.yaml'), TINY);
  out = join(dir, 'out');
  const train = clusterlens(['train', 'trial.yaml', '--out', out, '--no-progress'], dir);
  if (train.status !== 0) throw new Error(`train failed:\n${train.stderr}`);
}, 300_000);

describe('clusterlens export-hf', () => {
  it("exports a train --out folder's latest checkpoint, the same model as train's model/", async () => {
    const { status, stdout, stderr } = clusterlens(['export-hf', out, '--out', 'hf'], dir);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('the model at step 12');
    expect(await params(Gpt.fromHuggingFace(join(dir, 'hf')))).toEqual(await params(Gpt.load(join(out, 'checkpoints', 'trial.safetensors'))));
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json']) {
      expect(readFileSync(join(dir, 'hf', file), 'utf8')).toBe(readFileSync(join(out, 'model', file), 'utf8'));
    }
  });

  it('exports the snapshot kept at --step', async () => {
    const { status, stderr } = clusterlens(['export-hf', out, '--step', '6', '--out', 'hf6'], dir);
    expect(status, stderr).toBe(0);
    expect(await params(Gpt.fromHuggingFace(join(dir, 'hf6')))).toEqual(await params(Gpt.load(join(out, 'checkpoints', 'step-6.safetensors'))));
  });

  it('names checkpoint.keep when the step asked for was not kept', () => {
    const { status, stderr } = clusterlens(['export-hf', out, '--step', '3', '--out', 'hf3'], dir);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/no checkpoint in .*step-3\.safetensors.*checkpoint\.keep/);
  });

  it('finds the config of a checkpoint file in its train --out folder', () => {
    const { status, stderr } = clusterlens(['export-hf', join(out, 'checkpoints', 'step-6.safetensors'), '--out', 'from-file'], dir);
    expect(status, stderr).toBe(0);
  });

  it('asks for --config when no trial config is next to the checkpoint', () => {
    const alone = mkdtempSync(join(tmpdir(), 'clusterlens-export-hf-alone-'));
    writeFileSync(join(alone, 'trial.safetensors'), readFileSync(join(out, 'checkpoints', 'trial.safetensors')));
    const { status, stderr } = clusterlens(['export-hf', join(alone, 'trial.safetensors'), '--out', 'alone'], dir);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/no trial config found for .*give it with --config <trial\.yaml>/);
  });

  it('refuses a --config the checkpoint was not trained with', () => {
    writeFileSync(join(dir, 'other.yaml'), TINY.replace('seed: 2', 'seed: 3'));
    const { status, stderr } = clusterlens(['export-hf', out, '--config', 'other.yaml', '--out', 'other'], dir);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/was trained with another config than other\.yaml/);
  });
});
