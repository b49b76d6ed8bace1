// The per-block activations (attention patterns, attention and MLP outputs, resid_mid) against Hugging Face
// transformers' own: output_attentions and forward hooks on each block's attn and mlp (activations.safetensors).
import { beforeAll, describe, expect, it } from 'vitest';

import { Gpt } from '@clusterlens/model';
import type { Tensor } from '@clusterlens/schema';

import { relativeErrorNorm } from './support/compare.js';
import { asFloat32, asInt32, HF_TINY_DIR, hfActivations, hfExpected, hfMeta } from './support/hf-fixture.js';

const { batch, n_layer: nLayer, n_head: nHead, n_embd: nEmbd } = hfMeta.config;
const blocks = Array.from({ length: nLayer }, (_, l) => l);

let golden: Map<string, Tensor>;
let cache: Map<string, Float32Array>;
let T: number;

beforeAll(async () => {
  golden = await hfActivations();
  const tokens = asInt32((await hfExpected()).get('input_ids'), 'input_ids');
  T = tokens.length / batch;
  const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
  const names = [...golden.keys()];
  ({ cache } = await gpt.forward(tokens, { batch, cache: names }));
});

/** The engine's tensor for a golden name, with its shape checked against the golden file's. */
function compare(name: string, shape: number[]): number {
  const want = golden.get(name);
  expect(want?.shape, name).toEqual(shape);
  return relativeErrorNorm(cache.get(name)!, asFloat32(want, name));
}

describe('per-block activations against Hugging Face transformers', () => {
  it('golden file has every block hook', () => {
    const kinds = ['attn.hook_pattern', 'hook_attn_out', 'hook_mlp_out', 'hook_resid_mid'];
    expect([...golden.keys()].sort()).toEqual(blocks.flatMap((l) => kinds.map((k) => `blocks.${l}.${k}`)).sort());
  });

  it.each(blocks)('blocks.%i.attn.hook_pattern matches output_attentions', (l) => {
    expect(compare(`blocks.${l}.attn.hook_pattern`, [batch, nHead, T, T])).toBeLessThan(1e-4);
  });

  it.each(blocks)('blocks.%i.hook_attn_out matches the attention module output', (l) => {
    expect(compare(`blocks.${l}.hook_attn_out`, [batch, T, nEmbd])).toBeLessThan(1e-4);
  });

  it.each(blocks)('blocks.%i.hook_resid_mid matches the input of ln_2', (l) => {
    expect(compare(`blocks.${l}.hook_resid_mid`, [batch, T, nEmbd])).toBeLessThan(1e-4);
  });

  it.each(blocks)('blocks.%i.hook_mlp_out matches the MLP module output', (l) => {
    expect(compare(`blocks.${l}.hook_mlp_out`, [batch, T, nEmbd])).toBeLessThan(1e-4);
  });

  it('pattern is exactly 0 above the diagonal', () => {
    const pattern = cache.get('blocks.0.attn.hook_pattern')!;
    let above = 0;
    for (let row = 0; row < batch * nHead * T; row++) {
      const t = row % T;
      for (let s = t + 1; s < T; s++) above += Math.abs(pattern[row * T + s]);
    }
    expect(above).toBe(0);
  });
});

describe('activation names', () => {
  it('an unknown name is an error listing every valid name', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    const tokens = new Int32Array(4);
    await expect(gpt.forward(tokens, { batch: 1, cache: ['blocks.0.hook_attn'] })).rejects.toThrow(
      /unknown activation 'blocks\.0\.hook_attn'.*blocks\.\{l\}\.hook_resid_mid.*blocks\.\{l\}\.hook_attn_out.*blocks\.\{l\}\.hook_mlp_out.*blocks\.\{l\}\.attn\.hook_pattern/,
    );
  });

  it('a block hook beyond the last block is an error naming the blocks', async () => {
    const gpt = await Gpt.fromHuggingFace(HF_TINY_DIR);
    await expect(gpt.forward(new Int32Array(4), { batch: 1, cache: [`blocks.${nLayer}.hook_mlp_out`] })).rejects.toThrow(
      `names block ${nLayer}, but the model has blocks 0..${nLayer - 1}`,
    );
  });
});
