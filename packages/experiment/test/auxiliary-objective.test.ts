// The auxiliary loss end to end through the model: the engine's gradient of language-model loss + weight * auxiliary
// loss (the objective's hiddenGrad scattered back to the probe positions) against TensorFlow.js's automatic
// differentiation of the same objective written in tf ops, on a batch of a real task suite.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { Gpt, residHookName, shiftLabels } from '@clusterlens/model';
import { Random } from '@clusterlens/schema';
import { batchTensors, trainSampler, type Instance } from '@clusterlens/tasks';

import { initReference, referenceObjectiveGrads, type ReferenceObjectiveInput } from '../../model/test/reference/tfjs-gpt.js';
import { relativeErrorNorm } from '../../model/test/support/compare.js';
import { auxiliaryLossSchema, auxiliaryObjective, type AuxiliaryLossConfig } from '../src/auxiliary-loss/index.js';
import { parseTrialConfig } from '../src/config.js';
import type { ProbePosition } from '../src/representations.js';
import { TrialSeeds, trialSuite } from '../src/seeds.js';

const TOLERANCE = 1e-4;
const BATCH = 8;

const suite = trialSuite(parseTrialConfig({ data: { numTasks: 3 } }).data, new TrialSeeds(0));
const MODEL = { nLayer: 2, nHead: 2, nEmbd: 16, nPositions: suite.contextLength, vocabSize: suite.tokenizer.vocabSize };

beforeAll(async () => {
  await initReference();
});

/** (N, B*T): row n averages the states instance n's representation is read from (written from the positions here). */
function readMatrix(instances: Instance[], T: number, position: ProbePosition): tf.Tensor2D {
  const matrix = new Float32Array(instances.length * instances.length * T);
  instances.forEach((instance, n) => {
    const p = instance.positions;
    const tokens =
      position === 'mean-instruction'
        ? Array.from({ length: p.instructionEnd - p.instructionStart }, (_, i) => p.instructionStart + i)
        : [{ sep: p.sep, ans: p.ans, 'last-instruction-word': p.lastInstructionWord }[position]];
    for (const t of tokens) matrix[n * instances.length * T + n * T + t] = 1 / tokens.length;
  });
  return tf.tensor2d(matrix, [instances.length, instances.length * T]);
}

/** Supervised contrastive loss in tf ops: constant masks built from the tasks, the states differentiated through. */
function tfSupcon(states: tf.Tensor2D, tasks: number[], temperature: number): tf.Scalar {
  const n = tasks.length;
  const z = tf.div(states, tf.norm(states, 'euclidean', 1, true));
  const similarity = tf.div(tf.matMul(z, z, false, true), temperature);
  const notSelf = tf.tensor2d(Float32Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? -1e9 : 0)), [n, n]);
  const logSumExp = tf.logSumExp(tf.add(similarity, notSelf), 1);
  const positives = tasks.map((task, i) => tasks.filter((other, j) => j !== i && other === task).length);
  const anchors = positives.filter((count) => count > 0).length;
  const anchorWeight = tf.tensor1d(positives.map((count) => (count > 0 ? 1 / anchors : 0)));
  const positiveWeight = tf.tensor2d(
    Float32Array.from({ length: n * n }, (_, k) => {
      const [i, j] = [Math.floor(k / n), k % n];
      return i !== j && tasks[i] === tasks[j] ? 1 / positives[i] / anchors : 0;
    }),
    [n, n],
  );
  return tf.sub(tf.sum(tf.mul(logSumExp, anchorWeight)), tf.sum(tf.mul(similarity, positiveWeight))) as tf.Scalar;
}

/** Within-task over total sum of squares in tf ops. */
function tfCentre(states: tf.Tensor2D, tasks: number[]): tf.Scalar {
  const ids = [...new Set(tasks)];
  const oneHot = tf.tensor2d(tasks.flatMap((task) => ids.map((id) => (id === task ? 1 : 0))), [tasks.length, ids.length]);
  const counts = ids.map((id) => tasks.filter((task) => task === id).length);
  const taskMeans = tf.div(tf.matMul(oneHot, states, true, false), tf.tensor2d(counts, [ids.length, 1]));
  const within = tf.sum(tf.square(tf.sub(states, tf.matMul(oneHot, taskMeans))));
  const total = tf.sum(tf.square(tf.sub(states, tf.mean(states, 0, true))));
  return tf.div(within, total) as tf.Scalar;
}

/** The causal-LM mean loss over the labelled positions, from the reference's log-probabilities. */
function tfLanguageModelLoss(input: ReferenceObjectiveInput, targets: Int32Array): tf.Scalar {
  const kept = targets.filter((t) => t >= 0).length;
  const oneHot = tf.oneHot(tf.tensor1d(Int32Array.from(targets, (t) => Math.max(t, 0)), 'int32'), MODEL.vocabSize);
  const picked = tf.sum(tf.mul(tf.reshape(input.logProbs, [-1, MODEL.vocabSize]), oneHot), 1);
  return tf.div(tf.neg(tf.sum(tf.mul(picked, tf.tensor1d(Float32Array.from(targets, (t) => (t >= 0 ? 1 : 0)))))), kept) as tf.Scalar;
}

/** Ours (forward, the objective's hiddenGrad, lossAndGrads) against the reference, for one loss at one position. */
async function expectObjectiveMatchesReference(
  loss: AuxiliaryLossConfig,
  position: ProbePosition,
  tfAuxiliary: (states: tf.Tensor2D, tasks: number[]) => tf.Scalar,
): Promise<void> {
  const gpt = await Gpt.create(MODEL, { seed: 11 });
  const instances = trainSampler(suite, new Random(4)).next(BATCH);
  const T = instances[0].tokens.length;
  const { tokens, labels } = batchTensors(instances, 'output');
  const tasks = instances.map((instance) => instance.task);
  expect(new Set(tasks).size).toBeGreaterThan(1);

  const hook = residHookName(loss.layer);
  const forward = await gpt.forward(tokens, { batch: BATCH, labels, cache: [hook] });
  const objective = auxiliaryObjective(loss, position, instances, MODEL.nEmbd);
  const output = await objective.compute({ loss: forward.loss!, logprobs: forward.logprobs!, hidden: new Map([[loss.layer, forward.cache.get(hook)!]]) });
  const ours = await gpt.lossAndGrads(tokens, labels, { batch: BATCH, hiddenGrad: output.hiddenGrad });

  const { targets } = shiftLabels(labels, BATCH);
  const params = new Map([...gpt.params()].map(([name, value]) => [name.startsWith('transformer.') ? name : `transformer.${name}`, value]));
  const reference = referenceObjectiveGrads(MODEL, params, tokens, BATCH, (input) => {
    const hidden = tf.reshape(input.hidden[loss.layer], [BATCH * T, MODEL.nEmbd]) as tf.Tensor2D;
    const states = tf.matMul(readMatrix(instances, T, position), hidden) as tf.Tensor2D;
    return tf.add(tfLanguageModelLoss(input, targets), tf.mul(tfAuxiliary(states, tasks), loss.weight)) as tf.Scalar;
  });

  expect(Math.abs(output.loss - reference.loss) / reference.loss).toBeLessThan(TOLERANCE);
  for (const [name, want] of reference.grads) {
    const got = ours.grads.get(name) ?? ours.grads.get(name.replace(/^transformer\./, ''));
    expect(relativeErrorNorm(got!, want), name).toBeLessThan(TOLERANCE);
  }
  gpt.dispose();
}

describe('the auxiliary objective through the model, against TensorFlow.js', () => {
  it('supcon at SEP of the last layer has the reference gradient of loss + weight * supcon', async () => {
    const loss = auxiliaryLossSchema.parse({ kind: 'supcon', weight: 0.7, layer: 2, temperature: 0.5 });
    await expectObjectiveMatchesReference(loss, 'sep', (states, tasks) => tfSupcon(states, tasks, 0.5));
  });

  it('centre over the mean of the instruction tokens of layer 1 has the reference gradient of loss + weight * centre', async () => {
    const loss = auxiliaryLossSchema.parse({ kind: 'centre', weight: 2, layer: 1 });
    await expectObjectiveMatchesReference(loss, 'mean-instruction', tfCentre);
  });
});
