import { describe, expect, it } from 'vitest';

import { Gpt } from '@clusterlens/model';

import { bitsOf, TINY, tinyBatch } from './support/tiny.js';

const optimizer = { lr: 2e-3, warmupSteps: 10, totalSteps: 100, gradClip: 1 };

async function train(seed: number, threads: number, steps: number): Promise<{ losses: number[]; gpt: Gpt }> {
  const gpt = await Gpt.create(TINY, { seed, threads, optimizer });
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const { tokens, labels } = tinyBatch(TINY, 8, 16, i % 2);
    losses.push(await gpt.step(tokens, labels, { batch: 8 }));
  }
  return { losses, gpt };
}

describe('determinism', () => {
  it('the same seed and thread count give identical losses over 100 steps', async () => {
    const a = await train(7, 2, 100);
    const b = await train(7, 2, 100);
    expect(b.losses).toEqual(a.losses);
    expect(a.losses[99]).toBeLessThan(a.losses[0]);
  });

  it('1 and 2 threads give bit-identical losses: every kernel splits work the same way for any thread count', async () => {
    const one = await train(11, 1, 20);
    const three = await train(11, 3, 20);
    expect(three.losses).toEqual(one.losses);
  });

  it('1 and 2 threads agree within 1e-5', async () => {
    const one = await train(7, 1, 30);
    const two = await train(7, 2, 30);
    for (let i = 0; i < 30; i++) expect(Math.abs(one.losses[i] - two.losses[i]), `step ${i}`).toBeLessThan(1e-5);
  });

  it('different seeds give different initialisations', async () => {
    const a = await Gpt.create(TINY, { seed: 1 });
    const b = await Gpt.create(TINY, { seed: 2 });
    const name = 'transformer.h.0.attn.c_attn.weight';
    expect(bitsOf(a.params().get(name)!)).not.toEqual(bitsOf(b.params().get(name)!));
  });

  it('the initialisation follows GPT-2: unit LayerNorm gains, zero biases, weights of std 0.02', async () => {
    const gpt = await Gpt.create({ ...TINY, nEmbd: 64 }, { seed: 4 });
    const params = gpt.params();
    expect([...params.get('transformer.h.0.ln_1.weight')!].every((x) => x === 1)).toBe(true);
    expect([...params.get('transformer.h.1.mlp.c_fc.bias')!].every((x) => x === 0)).toBe(true);
    const w = params.get('transformer.h.0.mlp.c_fc.weight')!;
    const std = Math.sqrt(w.reduce((s, x) => s + x * x, 0) / w.length);
    expect(std).toBeGreaterThan(0.019);
    expect(std).toBeLessThan(0.021);
  });
});
