// DPO (src/alignment/dpo.ts): the loss against an independent float64 computation of its formula, its per-position
// gradient against finite differences of that formula, the gradient through the model against TensorFlow.js's
// automatic differentiation of the loss written in tf ops, and the step against a frozen reference model.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { Gpt } from '@clusterlens/model';

import { initReference, referenceObjectiveGrads, type ReferenceObjectiveInput } from '../../model/test/reference/tfjs-gpt.js';
import { relativeErrorNorm } from '../../model/test/support/compare.js';
import { bitsOf, TINY } from '../../model/test/support/tiny.js';
import { dpoLoss, dpoReferenceLogprobs, dpoStep, type PreferenceBatch } from '../src/alignment/dpo.js';

const X = -100;

// Two pairs of 5 tokens: rows 0, 1 chosen, rows 2, 3 rejected; responses at different places in each row.
const LABELS = Int32Array.from([
  X, X, 3, 4, 5, // chosen 0: positions 1, 2, 3 predict its response
  X, X, X, 7, X, // chosen 1: position 2
  X, X, 8, 9, X, // rejected 0: positions 1, 2
  X, X, X, 2, 6, // rejected 1: positions 2, 3
]);
/** The positions that predict a response label, by hand: position t predicts labels[t + 1]. */
const PREDICTING = [1, 2, 3, 7, 11, 12, 17, 18];
// Logprobs at every position, including ones that predict nothing (the loss must not read them).
const POLICY = [-1.5, -0.2, -2.1, -0.7, -9, -3, -4, -1.1, -8, -2, -6, -0.9, -1.3, -7, -5, -2, -4, -0.4, -2.6, -3];
const REFERENCE = [-2, -0.5, -1.7, -1.2, -1, -1, -1, -0.6, -1, -1, -1, -1.4, -1.1, -1, -1, -1, -1, -0.8, -1.9, -1];

/** DPO's formula in float64, read straight off the labels: the reference the implementation is checked against. */
function formulaDpo(policy: ArrayLike<number>, reference: ArrayLike<number>, labels: Int32Array, pairs: number, beta: number) {
  const T = labels.length / (2 * pairs);
  const sequence = (values: ArrayLike<number>, row: number) => {
    let sum = 0;
    for (let t = 0; t + 1 < T; t++) if (labels[row * T + t + 1] !== X) sum += values[row * T + t];
    return sum;
  };
  const margins = Array.from({ length: pairs }, (_, p) => {
    const chosen = sequence(policy, p) - sequence(reference, p);
    const rejected = sequence(policy, pairs + p) - sequence(reference, pairs + p);
    return beta * (chosen - rejected);
  });
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    loss: mean(margins.map((z) => -Math.log(1 / (1 + Math.exp(-z))))),
    rewardMargin: mean(margins),
    accuracy: margins.filter((z) => z > 0).length / pairs,
  };
}

/** Deterministic values in [-1, 1). */
function noise(length: number, seed: number): Float32Array {
  let s = seed + 17;
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  });
}

const SEQ_LEN = 10;
const PROMPT_LEN = 6;

/** `pairs` pairs on TINY's vocabulary: a shared random prompt, then different random chosen and rejected responses. */
function toyBatch(pairs: number, seed: number): PreferenceBatch {
  const draw = noise(2 * pairs * SEQ_LEN, seed);
  const token = (i: number) => Math.floor(((draw[i] + 1) / 2) * TINY.vocabSize);
  const tokens = new Int32Array(2 * pairs * SEQ_LEN);
  const labels = new Int32Array(tokens.length).fill(X);
  for (let row = 0; row < 2 * pairs; row++) {
    for (let t = 0; t < SEQ_LEN; t++) {
      const i = row * SEQ_LEN + t;
      tokens[i] = t < PROMPT_LEN ? token((row % pairs) * SEQ_LEN + t) : token(i);
      if (t >= PROMPT_LEN) labels[i] = tokens[i];
    }
  }
  return { tokens, labels, pairs };
}

async function tinyModel(seed: number): Promise<Gpt> {
  return Gpt.create(TINY, { seed, optimizer: { lr: 1e-2, gradClip: 1 } });
}

/** A model whose every parameter is `base`'s plus a little deterministic noise: a policy that differs from it. */
async function perturbed(base: Gpt, seed: number): Promise<Gpt> {
  const policy = await tinyModel(seed);
  policy.setParams(new Map([...base.params()].map(([name, value], i) => {
    const shift = noise(value.length, seed * 1000 + i);
    return [name, Float32Array.from(value, (v, j) => v + 0.05 * shift[j])];
  })));
  return policy;
}

async function logprobsOf(gpt: Gpt, batch: PreferenceBatch): Promise<Float32Array> {
  return (await gpt.forward(batch.tokens, { batch: 2 * batch.pairs, labels: batch.labels })).logprobs!;
}

describe('dpoLoss', () => {
  it('is log 2 with a zero margin when the policy equals the reference', () => {
    const result = dpoLoss(REFERENCE, REFERENCE, LABELS, 2, 0.3);
    expect(result.loss).toBeCloseTo(Math.LN2, 12);
    expect(result.rewardMargin).toBe(0);
    expect(result.accuracy).toBe(0);
  });

  it('equals the float64 formula on hand-made logprobs', () => {
    const result = dpoLoss(POLICY, REFERENCE, LABELS, 2, 0.7);
    const want = formulaDpo(POLICY, REFERENCE, LABELS, 2, 0.7);
    expect(result.loss).toBeCloseTo(want.loss, 12);
    expect(result.rewardMargin).toBeCloseTo(want.rewardMargin, 12);
    expect(result.accuracy).toBe(want.accuracy);
    expect(want.accuracy).toBe(0.5); // the hand-made pairs have one positive and one negative margin
  });

  it('gives a logprobGrad equal to central finite differences of the formula in float64', () => {
    const beta = 0.7;
    const h = 1e-6;
    const finiteDifferences = POLICY.map((_, i) => {
      const shifted = (delta: number) => POLICY.map((v, j) => (j === i ? v + delta : v));
      const plus = formulaDpo(shifted(h), REFERENCE, LABELS, 2, beta).loss;
      const minus = formulaDpo(shifted(-h), REFERENCE, LABELS, 2, beta).loss;
      return (plus - minus) / (2 * h);
    });
    const { logprobGrad } = dpoLoss(Float64Array.from(POLICY), REFERENCE, LABELS, 2, beta);
    expect(relativeErrorNorm(logprobGrad, finiteDifferences)).toBeLessThan(1e-6);
  });

  it('reads a row at the positions that predict its response labels (t for labels[t + 1])', () => {
    const { logprobGrad } = dpoLoss(POLICY, REFERENCE, LABELS, 2, 0.7);
    const nonzero = [...logprobGrad.keys()].filter((i) => logprobGrad[i] !== 0);
    expect(nonzero).toEqual(PREDICTING);
  });

  it('stays finite where exp of the margin overflows', () => {
    // Chosen 0 e^2000 times less likely than under the reference: pair 0's margin is -2000, pair 1's is 0.
    const far = REFERENCE.map((v, i) => (i === 1 ? v - 2000 : v));
    const result = dpoLoss(far, REFERENCE, LABELS, 2, 1);
    expect(result.loss).toBeCloseTo((2000 + Math.LN2) / 2, 9);
    expect([...result.logprobGrad].every(Number.isFinite)).toBe(true);
  });

  it('names labels and the layout when the rows are not 2 * pairs', () => {
    expect(() => dpoLoss(POLICY, REFERENCE, LABELS, 3, 0.1)).toThrow(/labels: length 20 is not 2\*pairs = 6 rows.*chosen rows, then the 3 rejected/);
  });

  it('names the row of a sequence with no response token', () => {
    const labels = LABELS.slice();
    labels.fill(X, 15, 20);
    expect(() => dpoLoss(POLICY, REFERENCE, labels, 2, 0.1)).toThrow(/labels: row 3 \(pair 1's rejected sequence\) has no response token.*label at least one/);
  });

  it.each([0, -0.1, Number.NaN])('names beta when it is %s', (beta) => {
    expect(() => dpoLoss(POLICY, REFERENCE, LABELS, 2, beta)).toThrow(/beta: .* is not a positive number/);
  });

  it('names the logprobs that do not match the labels', () => {
    expect(() => dpoLoss(POLICY.slice(0, 10), REFERENCE, LABELS, 2, 0.1)).toThrow(/policy: 10 logprobs for 20 labels/);
    expect(() => dpoLoss(POLICY, REFERENCE.slice(0, 10), LABELS, 2, 0.1)).toThrow(/reference: 10 logprobs for 20 labels/);
  });
});

describe('dpoLoss through the model', () => {
  const PAIRS = 2;
  const BETA = 0.5;

  beforeAll(async () => {
    await initReference();
  });

  /** The labels each position predicts (labels[t + 1]; -1 where none), read off the labels independently. */
  function predictedLabels(labels: Int32Array, rows: number): Int32Array {
    const T = labels.length / rows;
    return Int32Array.from(labels, (_, i) => (i % T === T - 1 || labels[i + 1] === X ? -1 : labels[i + 1]));
  }

  /** DPO's loss in TensorFlow.js ops of the policy's log-softmax, the reference's sequence log ratios constant. */
  function tfDpoLoss(input: ReferenceObjectiveInput, predicted: Int32Array, referenceSequences: Float32Array): tf.Scalar {
    const rows = 2 * PAIRS;
    const oneHot = tf.oneHot(tf.tensor1d(Int32Array.from(predicted, (t) => Math.max(t, 0)), 'int32'), TINY.vocabSize);
    const picked = tf.sum(tf.mul(tf.reshape(input.logProbs, [-1, TINY.vocabSize]), oneHot), 1);
    const mask = tf.tensor1d(Float32Array.from(predicted, (t) => (t >= 0 ? 1 : 0)));
    const sequences = tf.sum(tf.reshape(tf.mul(picked, mask), [rows, -1]), 1);
    const ratios = tf.sub(sequences, tf.tensor1d(referenceSequences));
    const margins = tf.mul(BETA, tf.sub(tf.slice(ratios, 0, PAIRS), tf.slice(ratios, PAIRS, PAIRS)));
    // -log sigmoid(z) as softplus(-z): tf.logSigmoid's custom gradient fails inside tf.valueAndGrads here.
    return tf.mean(tf.softplus(tf.neg(margins)));
  }

  it('its logprobGrad gives the gradient of the DPO loss written in TensorFlow.js ops', async () => {
    const reference = await tinyModel(11);
    const policy = await perturbed(reference, 12);
    const batch = toyBatch(PAIRS, 13);
    const rows = 2 * PAIRS;
    const referenceLogprobs = await logprobsOf(reference, batch);
    const { logprobGrad } = dpoLoss(await logprobsOf(policy, batch), referenceLogprobs, batch.labels, PAIRS, BETA);
    const ours = await policy.lossAndGrads(batch.tokens, batch.labels, { batch: rows, logprobGrad });

    const predicted = predictedLabels(batch.labels, rows);
    const referenceSequences = Float32Array.from({ length: rows }, (_, row) =>
      referenceLogprobs.subarray(row * SEQ_LEN, (row + 1) * SEQ_LEN).reduce((sum, v, t) => sum + (predicted[row * SEQ_LEN + t] >= 0 ? v : 0), 0),
    );
    const params = new Map([...policy.params()].map(([name, value]) => [name.startsWith('transformer.') ? name : `transformer.${name}`, value]));
    const want = referenceObjectiveGrads(TINY, params, batch.tokens, rows, (input) => tfDpoLoss(input, predicted, referenceSequences));
    for (const [name, grad] of want.grads) {
      const got = ours.grads.get(name) ?? ours.grads.get(name.replace(/^transformer\./, ''));
      expect(relativeErrorNorm(got!, grad), name).toBeLessThan(1e-4);
    }
  });

  it('scales the gradient at the start (policy = reference) in proportion to beta', async () => {
    const model = await tinyModel(14);
    const batch = toyBatch(PAIRS, 15);
    const logprobs = await logprobsOf(model, batch);
    const gradsAt = async (beta: number) => {
      const { logprobGrad } = dpoLoss(logprobs, logprobs, batch.labels, PAIRS, beta);
      return (await model.lossAndGrads(batch.tokens, batch.labels, { batch: 2 * PAIRS, logprobGrad })).grads;
    };
    const small = await gradsAt(0.1);
    const large = await gradsAt(0.4);
    // At a zero margin every coefficient is -+beta / (2P): four times beta, four times every gradient.
    for (const [name, grad] of small) {
      expect(relativeErrorNorm(large.get(name)!, grad.map((g) => 4 * g)), name).toBeLessThan(1e-6);
    }
  });
});

describe('dpoStep', () => {
  const PAIRS = 2;
  const BETA = 0.5;

  it('leaves the reference model unchanged', async () => {
    const reference = await tinyModel(21);
    const policy = await perturbed(reference, 22);
    const before = reference.params();
    for (let i = 0; i < 2; i++) await dpoStep(policy, reference, toyBatch(PAIRS, 23), BETA);
    for (const [name, value] of reference.params()) expect(bitsOf(value), name).toEqual(bitsOf(before.get(name)!));
  });

  it("returns dpoLoss of the policy's logprobs before the step", async () => {
    const reference = await tinyModel(24);
    const policy = await perturbed(reference, 25);
    const batch = toyBatch(PAIRS, 26);
    const { logprobGrad: _, ...want } = dpoLoss(await logprobsOf(policy, batch), await logprobsOf(reference, batch), batch.labels, PAIRS, BETA);
    const got = await dpoStep(policy, reference, batch, BETA);
    expect(got).toEqual(want);
    expect(policy.lastStep!.loss).toBe(want.loss);
  });

  it('lowers the loss and raises the reward margin over a few steps on a fixed batch', async () => {
    const reference = await tinyModel(27);
    const policy = await tinyModel(27);
    const batch = toyBatch(PAIRS, 28);
    const first = await dpoStep(policy, reference, batch, BETA);
    for (let i = 0; i < 4; i++) await dpoStep(policy, reference, batch, BETA);
    const after = dpoLoss(await logprobsOf(policy, batch), await logprobsOf(reference, batch), batch.labels, PAIRS, BETA);
    expect(first.loss).toBeCloseTo(Math.LN2, 6);
    expect(after.loss).toBeLessThan(first.loss - 0.05);
    expect(after.rewardMargin).toBeGreaterThan(first.rewardMargin + 0.1);
  });

  it("steps on reference logprobs computed ahead bit for bit as on the reference model's forward pass", async () => {
    const reference = await tinyModel(33);
    const computing = await perturbed(reference, 34);
    const given = await perturbed(reference, 34);
    const batch = toyBatch(PAIRS, 35);
    const ahead = { ...batch, referenceLogprobs: await dpoReferenceLogprobs(reference, batch) };
    const unread = await tinyModel(38); // another model: with logprobs given, the reference passed is not run
    for (let i = 0; i < 2; i++) expect(await dpoStep(given, unread, ahead, BETA)).toEqual(await dpoStep(computing, reference, batch, BETA));
    for (const [name, value] of computing.params()) expect(bitsOf(given.params().get(name)!), name).toEqual(bitsOf(value));
  });

  it('names batch.referenceLogprobs of another length', async () => {
    const model = await tinyModel(36);
    const batch = { ...toyBatch(PAIRS, 37), referenceLogprobs: new Float32Array(3) };
    await expect(dpoStep(model, model, batch, BETA)).rejects.toThrow(/batch\.referenceLogprobs: 3 logprobs for 40 labels.*dpoReferenceLogprobs/);
  });

  it('names batch.tokens when tokens and labels differ in length', async () => {
    const model = await tinyModel(29);
    const batch = toyBatch(PAIRS, 30);
    await expect(dpoStep(model, model, { ...batch, tokens: batch.tokens.slice(1) }, BETA)).rejects.toThrow(/batch\.tokens: 39 tokens for 40 labels/);
  });

  it('names batch.labels when the rows are not 2 * pairs', async () => {
    const model = await tinyModel(31);
    await expect(dpoStep(model, model, { ...toyBatch(PAIRS, 32), pairs: 3 }, BETA)).rejects.toThrow(/batch\.labels: length 40 is not 2\*pairs = 6 rows/);
  });
});
