import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Gpt } from '@clusterlens/model';

import { HF_TINY_DIR } from './support/hf-fixture.js';
import { bitsOf, TINY, tinyBatch } from './support/tiny.js';

const scratch = () => mkdtemp(join(tmpdir(), 'clusterlens-model-'));

describe('checkpoints and Hugging Face export', () => {
  it('saveHuggingFace then fromHuggingFace round-trips every parameter bit for bit', async () => {
    const gpt = await Gpt.create(TINY, { seed: 3 });
    const { tokens, labels } = tinyBatch(TINY, 2, 16, 1);
    await gpt.step(tokens, labels, { batch: 2 });
    const dir = await scratch();
    await gpt.saveHuggingFace(dir);
    const back = await Gpt.fromHuggingFace(dir);
    expect(back.config).toEqual(gpt.config);
    for (const [name, value] of gpt.params()) expect(bitsOf(back.params().get(name)!), name).toEqual(bitsOf(value));
  });

  it('saveHuggingFace writes the same model.safetensors bytes as transformers save_pretrained', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    const dir = await scratch();
    await gpt.saveHuggingFace(dir);
    const ours = await readFile(join(dir, 'model.safetensors'));
    const theirs = await readFile(join(HF_TINY_DIR, 'model.safetensors'));
    expect(Buffer.compare(ours, theirs)).toBe(0);
  });

  it('saveHuggingFace writes a config.json with the fields transformers reads', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    const dir = await scratch();
    await gpt.saveHuggingFace(dir);
    const ours = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    const theirs = JSON.parse(await readFile(join(HF_TINY_DIR, 'config.json'), 'utf8'));
    for (const key of ['model_type', 'n_layer', 'n_head', 'n_embd', 'n_positions', 'vocab_size', 'layer_norm_epsilon', 'activation_function', 'tie_word_embeddings']) {
      expect(ours[key], key).toEqual(theirs[key]);
    }
  });

  it('fromHuggingFace accepts parameter names without the transformer. prefix', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    const stripped = new Map([...gpt.params()].map(([name, value]) => [name.replace(/^transformer\./, ''), value]));
    const other = await Gpt.create(gpt.config, { seed: 9 });
    other.setParams(stripped);
    for (const [name, value] of gpt.params()) expect(bitsOf(other.params().get(name)!), name).toEqual(bitsOf(value));
  });

  it('save and load resume training with bit-identical losses', async () => {
    const optimizer = { lr: 3e-3, warmupSteps: 2, totalSteps: 10, gradClip: 1 };
    const { tokens, labels } = tinyBatch(TINY, 4, 16, 2);
    const straight = await Gpt.create(TINY, { seed: 5, optimizer });
    const interrupted = await Gpt.create(TINY, { seed: 5, optimizer });
    for (let i = 0; i < 3; i++) {
      await straight.step(tokens, labels, { batch: 4 });
      await interrupted.step(tokens, labels, { batch: 4 });
    }
    const file = join(await scratch(), 'ckpt.safetensors');
    await interrupted.save(file, { sampler: '3' });
    const resumed = await Gpt.load(file);
    expect(resumed.checkpointExtra).toEqual({ sampler: '3' });
    expect(resumed.stepCount).toBe(3);
    for (let i = 0; i < 5; i++) {
      const want = await straight.step(tokens, labels, { batch: 4 });
      expect(await resumed.step(tokens, labels, { batch: 4 })).toBe(want);
    }
  });

  it('load rejects a Hugging Face weights file with a hint', async () => {
    await expect(Gpt.load(join(HF_TINY_DIR, 'model.safetensors'))).rejects.toThrow(/not a clusterlens checkpoint.*fromHuggingFace/);
  });

  it('fromHuggingFace names a tensor whose shape does not match', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    const params = gpt.params();
    params.set('transformer.h.0.attn.c_attn.weight', new Float32Array(10));
    expect(() => gpt.setParams(params)).toThrow(/transformer\.h\.0\.attn\.c_attn\.weight/);
  });
});
