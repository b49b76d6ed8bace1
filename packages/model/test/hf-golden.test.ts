// The native engine against Hugging Face transformers' own outputs for a tiny GPT-2.
import { beforeAll, describe, expect, it } from 'vitest';

import { Gpt } from '@clusterlens/model';

import { relativeErrorNorm } from './support/compare.js';
import { asFloat32, asInt32, HF_TINY_DIR, hfExpected, hfMeta } from './support/hf-fixture.js';
import type { Tensor } from '@clusterlens/schema';

const { batch, n_layer: nLayer } = hfMeta.config;

let expected: Map<string, Tensor>;
let tokens: Int32Array;
let labels: Int32Array;

beforeAll(async () => {
  expected = await hfExpected();
  tokens = asInt32(expected.get('input_ids'), 'input_ids');
  labels = asInt32(expected.get('labels'), 'labels');
});

describe('Hugging Face GPT-2 golden files', () => {
  it('logits match transformers', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    const { logits } = await gpt.forward(tokens, { batch });
    expect(relativeErrorNorm(logits, asFloat32(expected.get('logits'), 'logits'))).toBeLessThan(1e-4);
  });

  it('loss matches transformers with -100 labels ignored', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    const { loss } = await gpt.forward(tokens, { batch, labels });
    expect(Math.abs(loss! - asFloat32(expected.get('loss'), 'loss')[0])).toBeLessThan(1e-5);
  });

  it('every hidden state matches transformers', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    const names = [
      ...Array.from({ length: nLayer }, (_, l) => `blocks.${l}.hook_resid_pre`),
      'ln_final.hook_normalized',
      `blocks.${nLayer - 1}.hook_resid_post`,
    ];
    const { cache } = await gpt.forward(tokens, { batch, cache: names });
    for (let l = 0; l < nLayer; l++) {
      const want = asFloat32(expected.get(`hidden_states.${l}`), `hidden_states.${l}`);
      expect(relativeErrorNorm(cache.get(`blocks.${l}.hook_resid_pre`)!, want), `layer ${l}`).toBeLessThan(1e-4);
    }
    const lnFinal = asFloat32(expected.get(`hidden_states.${nLayer}`), `hidden_states.${nLayer}`);
    expect(relativeErrorNorm(cache.get('ln_final.hook_normalized')!, lnFinal)).toBeLessThan(1e-4);
    const lastBlock = asFloat32(expected.get('last_block_out'), 'last_block_out');
    expect(relativeErrorNorm(cache.get(`blocks.${nLayer - 1}.hook_resid_post`)!, lastBlock)).toBeLessThan(1e-4);
  });

  it('every gradient matches transformers, the tied LM head included in wte', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    const { grads } = await gpt.lossAndGrads(tokens, labels, { batch });
    expect([...grads.keys()]).toEqual(hfMeta.param_names);
    for (const name of hfMeta.param_names) {
      const want = asFloat32(expected.get(`grad.${name}`), `grad.${name}`);
      expect(relativeErrorNorm(grads.get(name)!, want), name).toBeLessThan(1e-4);
    }
  });

  it('ten AdamW steps reproduce the losses of torch.optim.AdamW', async () => {
    const { lr, betas, eps, weight_decay: weightDecay, steps } = hfMeta.adamw;
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR, {
      optimizer: { lr, beta1: betas[0], beta2: betas[1], eps, weightDecay, warmupSteps: 0, totalSteps: 0, gradClip: 0 },
    });
    const want = asFloat32(expected.get('adamw_losses'), 'adamw_losses');
    expect(want.length).toBe(steps);
    for (let i = 0; i < steps; i++) {
      const loss = await gpt.step(tokens, labels, { batch });
      expect(Math.abs(loss - want[i]), `step ${i + 1}`).toBeLessThan(1e-4);
    }
  });
});
