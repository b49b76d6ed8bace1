// Objectives computed outside the engine (Gpt.step's `objective`, lossAndGrads' hiddenGrad and logprobGrad) against
// the independent TensorFlow.js model's automatic differentiation, and against the engine's own loss.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { NativeGpt } from '@clusterlens/native';
import { Gpt, shiftLabels } from '@clusterlens/model';

import { initReference, referenceObjectiveGrads, type ReferenceObjectiveInput } from './reference/tfjs-gpt.js';
import { relativeErrorNorm } from './support/compare.js';
import { bitsOf, TINY, tinyBatch } from './support/tiny.js';

const TOLERANCE = 1e-4;
const BATCH = 3;
const SEQ_LEN = 12;

/** Deterministic values in [-1, 1). */
function noise(length: number, seed: number): Float32Array {
  let s = seed + 17;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  });
}

/** sum over positions of coefficient * log p(target): the reference's form of a logprob objective. */
function weightedTargetLogprobs(input: ReferenceObjectiveInput, targets: Int32Array, coefficients: Float32Array): tf.Scalar {
  const oneHot = tf.oneHot(tf.tensor1d(Int32Array.from(targets, (t) => Math.max(t, 0)), 'int32'), TINY.vocabSize);
  const flat = tf.reshape(input.logProbs, [-1, TINY.vocabSize]);
  const picked = tf.sum(tf.mul(flat, oneHot), 1);
  const masked = Float32Array.from(coefficients, (c, i) => (targets[i] >= 0 ? c : 0));
  return tf.sum(tf.mul(picked, tf.tensor1d(masked)));
}

function expectGradsClose(ours: Map<string, Float32Array>, reference: Map<string, Float32Array>): void {
  for (const [name, want] of reference) {
    const got = ours.get(name) ?? ours.get(name.replace(/^transformer\./, ''));
    expect(got, name).toBeDefined();
    expect(relativeErrorNorm(got!, want), name).toBeLessThan(TOLERANCE);
  }
}

async function tinyModel(seed: number): Promise<Gpt> {
  return Gpt.create(TINY, { seed, optimizer: { lr: 1e-2, gradClip: 1 } });
}

/** Parameters under the reference's names (Hugging Face's, with the `transformer.` prefix). */
function referenceParams(gpt: Gpt): Map<string, Float32Array> {
  return new Map([...gpt.params()].map(([name, value]) => [name.startsWith('transformer.') ? name : `transformer.${name}`, value]));
}

beforeAll(async () => {
  await initReference();
});

describe('lossAndGrads with caller gradients', () => {
  it('with logprobGrad gives the gradient of sum logprobGrad * logprob', async () => {
    const gpt = await tinyModel(3);
    const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, 5);
    const { targets } = shiftLabels(labels, BATCH);
    const coefficients = noise(tokens.length, 9);
    const ours = await gpt.lossAndGrads(tokens, labels, { batch: BATCH, logprobGrad: coefficients });
    const reference = referenceObjectiveGrads(TINY, referenceParams(gpt), tokens, BATCH, (input) =>
      weightedTargetLogprobs(input, targets, coefficients),
    );
    expectGradsClose(ours.grads, reference.grads);
  });

  it('with hiddenGrad adds the gradient of <hiddenGrad, hidden state> at that layer', async () => {
    const gpt = await tinyModel(4);
    const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, 6);
    const { targets } = shiftLabels(labels, BATCH);
    const kept = targets.filter((t) => t >= 0).length;
    const layer = 1;
    const grad = noise(tokens.length * TINY.nEmbd, 11);
    const ours = await gpt.lossAndGrads(tokens, labels, { batch: BATCH, hiddenGrad: { layer, grad } });
    const reference = referenceObjectiveGrads(TINY, referenceParams(gpt), tokens, BATCH, (input) => {
      const meanLoss = tf.div(tf.neg(weightedTargetLogprobs(input, targets, new Float32Array(tokens.length).fill(1))), kept);
      const linear = tf.sum(tf.mul(input.hidden[layer], tf.tensor3d(grad, [BATCH, SEQ_LEN, TINY.nEmbd])));
      return tf.add(meanLoss, linear) as tf.Scalar;
    });
    expectGradsClose(ours.grads, reference.grads);
  });
});

describe('Gpt.step with an objective', () => {
  it('shows the objective the batch loss, logprobs and hidden states of the forward pass', async () => {
    const gpt = await tinyModel(5);
    const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, 7);
    const forward = await gpt.forward(tokens, { batch: BATCH, labels, cache: ['blocks.1.hook_resid_pre'] });
    let seen: { loss: number; logprobs: Float32Array; hidden: Float32Array } | undefined;
    await gpt.step(tokens, labels, {
      batch: BATCH,
      objective: {
        hidden: [1],
        compute: (input) => {
          seen = { loss: input.loss, logprobs: input.logprobs, hidden: input.hidden.get(1)! };
          return { loss: input.loss };
        },
      },
    });
    expect(seen!.loss).toBe(forward.loss);
    expect(bitsOf(seen!.logprobs)).toEqual(bitsOf(forward.logprobs!));
    expect(bitsOf(seen!.hidden)).toEqual(bitsOf(forward.cache.get('blocks.1.hook_resid_pre')!));
  });

  it('steps exactly as the plain loss when its logprobGrad is the mean loss gradient', async () => {
    const plain = await tinyModel(6);
    const viaObjective = await tinyModel(6);
    const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, 8);
    const { targets } = shiftLabels(labels, BATCH);
    const kept = targets.filter((t) => t >= 0).length;
    for (let i = 0; i < 3; i++) {
      const plainLoss = await plain.step(tokens, labels, { batch: BATCH });
      const objectiveLoss = await viaObjective.step(tokens, labels, {
        batch: BATCH,
        objective: {
          compute: (input) => ({
            loss: input.loss,
            logprobGrad: Float32Array.from(targets, (t) => (t >= 0 ? -1 / kept : 0)),
          }),
        },
      });
      expect(objectiveLoss).toBe(plainLoss);
    }
    for (const [name, value] of plain.params()) expect(bitsOf(viaObjective.params().get(name)!), name).toEqual(bitsOf(value));
  });

  it('reports the objective value as the step loss', async () => {
    const gpt = await tinyModel(7);
    const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, 9);
    const loss = await gpt.step(tokens, labels, { batch: BATCH, objective: { compute: (input) => ({ loss: input.loss + 2.5 }) } });
    expect(gpt.lastStep!.loss).toBe(loss);
    expect(loss).toBeGreaterThan(2.5);
  });
});

describe('NativeGpt.finishStep', () => {
  const config = { ...TINY };
  it('refuses to run without beginStep', async () => {
    const native = new NativeGpt(config, { seed: 0, threads: 1 });
    expect(() => native.finishStep({})).toThrow(/call beginStep first/);
  });

  it('refuses to run after another call used the model', async () => {
    const native = new NativeGpt(config, { seed: 0, threads: 1 });
    const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, 10);
    const { targets } = shiftLabels(labels, BATCH);
    await native.beginStep(tokens, targets, BATCH);
    await native.forward(tokens, BATCH);
    expect(() => native.finishStep({})).toThrow(/call beginStep first/);
  });

  it('names the field of a logprobGrad of the wrong length', async () => {
    const native = new NativeGpt(config, { seed: 0, threads: 1 });
    const { tokens, labels } = tinyBatch(TINY, BATCH, SEQ_LEN, 12);
    await native.beginStep(tokens, shiftLabels(labels, BATCH).targets, BATCH);
    expect(() => native.finishStep({ logprobGrad: new Float32Array(3) })).toThrow(/options\.logprobGrad/);
  });
});
