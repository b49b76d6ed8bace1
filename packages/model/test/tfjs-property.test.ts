// Random small configurations: the native engine against the independent TensorFlow.js model.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { Gpt } from '@clusterlens/model';

import { initReference, referenceForward, referenceLossAndGrads } from './reference/tfjs-gpt.js';
import { relativeErrorNorm } from './support/compare.js';

const TOLERANCE = 1e-4;

const caseArbitrary = fc
  .record({
    nLayer: fc.integer({ min: 1, max: 3 }),
    nHead: fc.integer({ min: 1, max: 4 }),
    // LayerNorm over one or two channels is degenerate (its output ignores the input), so C >= 4
    headSize: fc.integer({ min: 4, max: 8 }),
    nPositions: fc.integer({ min: 1, max: 12 }),
    vocabSize: fc.integer({ min: 2, max: 30 }),
    batch: fc.integer({ min: 1, max: 3 }),
    seed: fc.nat({ max: 1_000_000 }),
  })
  .chain((c) =>
    fc.record({
      config: fc.constant({ nLayer: c.nLayer, nHead: c.nHead, nEmbd: c.nHead * c.headSize, nPositions: c.nPositions, vocabSize: c.vocabSize }),
      batch: fc.constant(c.batch),
      seed: fc.constant(c.seed),
      seqLen: fc.integer({ min: 1, max: c.nPositions }),
      // parameters are perturbed well beyond GPT-2's small initialisation so every nonlinearity matters
      perturbation: fc.double({ min: 0.1, max: 1, noNaN: true }),
    }),
  )
  .chain((c) =>
    fc.record({
      ...Object.fromEntries(Object.entries(c).map(([k, v]) => [k, fc.constant(v)])),
      tokens: fc.array(fc.integer({ min: 0, max: c.config.vocabSize - 1 }), { minLength: c.batch * c.seqLen, maxLength: c.batch * c.seqLen }),
      labels: fc.array(fc.oneof(fc.constant(-100), fc.integer({ min: 0, max: c.config.vocabSize - 1 })), {
        minLength: c.batch * c.seqLen,
        maxLength: c.batch * c.seqLen,
      }),
    }) as fc.Arbitrary<typeof c & { tokens: number[]; labels: number[] }>,
  );

/** A seeded model whose parameters get deterministic noise of the given scale. */
async function perturbedModel(config: Parameters<typeof Gpt.create>[0], seed: number, scale: number): Promise<Gpt> {
  const gpt = await Gpt.create(config, { seed });
  let s = seed + 1;
  const noise = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
  const params = new Map([...gpt.params()].map(([name, value]) => [name, value.map((x) => x + scale * noise())]));
  gpt.setParams(params);
  return gpt;
}

beforeAll(async () => {
  await initReference();
});

describe('native engine against the TensorFlow.js reference', () => {
  it('forward logits and hidden states agree on random configurations', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        const gpt = await perturbedModel(c.config, c.seed, c.perturbation);
        const tokens = Int32Array.from(c.tokens);
        const cache = Array.from({ length: c.config.nLayer }, (_, l) => `blocks.${l}.hook_resid_post`);
        const ours = await gpt.forward(tokens, { batch: c.batch, cache: ['blocks.0.hook_resid_pre', ...cache, 'ln_final.hook_normalized'] });
        const ref = referenceForward(c.config, gpt.params(), tokens, c.batch);
        expect(relativeErrorNorm(ours.logits, ref.logits)).toBeLessThan(TOLERANCE);
        expect(relativeErrorNorm(ours.cache.get('blocks.0.hook_resid_pre')!, ref.hidden[0])).toBeLessThan(TOLERANCE);
        cache.forEach((name, l) => expect(relativeErrorNorm(ours.cache.get(name)!, ref.hidden[l + 1]), name).toBeLessThan(TOLERANCE));
        expect(relativeErrorNorm(ours.cache.get('ln_final.hook_normalized')!, ref.lnFinal)).toBeLessThan(TOLERANCE);
      }),
      { numRuns: 50, seed: 20261127 },
    );
  });

  it('loss and every gradient agree on random configurations', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        const labels = Int32Array.from(c.labels);
        // The loss needs at least one position that predicts a label.
        fc.pre(c.labels.some((l, i) => l !== -100 && i % (c.labels.length / c.batch) !== 0));
        const gpt = await perturbedModel(c.config, c.seed, c.perturbation);
        const tokens = Int32Array.from(c.tokens);
        const ours = await gpt.lossAndGrads(tokens, labels, { batch: c.batch });
        const ref = referenceLossAndGrads(c.config, gpt.params(), tokens, labels, c.batch);
        expect(Math.abs(ours.loss - ref.loss)).toBeLessThan(TOLERANCE * Math.max(1, Math.abs(ref.loss)));
        const norm = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0));
        const total = Math.hypot(...[...ref.grads.values()].map(norm));
        for (const [name, grad] of ref.grads) {
          // Relative to the tensor's own gradient, floored so that a tensor with (near) zero gradient,
          // such as an unused position embedding, is held to an absolute standard instead.
          const scale = Math.max(norm(grad), 1e-3 * total);
          const diff = Math.sqrt(ours.grads.get(name)!.reduce((s, x, i) => s + (x - grad[i]) ** 2, 0));
          expect(diff / scale, name).toBeLessThan(TOLERANCE);
        }
      }),
      { numRuns: 50, seed: 20261128 },
    );
  });
});
