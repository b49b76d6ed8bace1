// One pass of a model over an evaluation set: probe-position representations, answers and loss.
import type { Gpt } from '@clusterlens/model';
import { batchTensors, type Instance } from '@clusterlens/tasks';

import { hookCacheName, hookFeatureWidth, positionFeatures, type ProbeHook } from './probe-hooks.js';
import { gatherRepresentations, type ProbePosition } from './representations.js';

export interface SplitEvaluation {
  /** Per layer, (n, D) representations at the probe position; D = hookFeatureWidth (C but for 'pattern'). */
  representations: Map<number, Float32Array>;
  /** Task of each instance (n). */
  tasks: Int32Array;
  /** 1 where the model's greedy answer (teacher-forced over the output tokens) is entirely right. */
  correct: Uint8Array;
  /** Mean loss per labelled token under the trial's loss. */
  loss: number;
}

export async function evaluateSplit(
  gpt: Gpt,
  instances: Instance[],
  options: { layers: number[]; hook: ProbeHook; position: ProbePosition; loss: 'output' | 'all'; batchSize: number },
): Promise<SplitEvaluation> {
  const { vocabSize: V } = gpt.config;
  const D = hookFeatureWidth(options.hook, gpt.config);
  const n = instances.length;
  const representations = new Map(options.layers.map((l) => [l, new Float32Array(n * D)]));
  const hooks = options.layers.map((layer) => hookCacheName(options.hook, layer));
  const correct = new Uint8Array(n);
  let lossSum = 0;
  let lossCount = 0;
  for (let start = 0; start < n; start += options.batchSize) {
    const chunk = instances.slice(start, start + options.batchSize);
    const { tokens, labels } = batchTensors(chunk, options.loss);
    const T = tokens.length / chunk.length;
    const out = await gpt.forward(tokens, { batch: chunk.length, cache: hooks, labels });
    options.layers.forEach((layer, i) => {
      const features = positionFeatures(options.hook, out.cache.get(hooks[i])!, chunk.length, T, gpt.config);
      gatherRepresentations(representations.get(layer)!, start, features, chunk, T, D, options.position);
    });
    // logprobs[t] is log p(labels[t+1]) at position t; the HF-shifted positions with a label carry the loss.
    for (let i = 0; i + 1 < labels.length; i++) {
      if ((i + 1) % T !== 0 && labels[i + 1] !== -100) {
        lossSum -= out.logprobs![i];
        lossCount++;
      }
    }
    chunk.forEach((instance, b) => {
      correct[start + b] = answersCorrectly(out.logits, b, T, V, instance) ? 1 : 0;
    });
  }
  return {
    representations,
    tasks: Int32Array.from(instances, (x) => x.task),
    correct,
    loss: lossCount ? lossSum / lossCount : NaN,
  };
}

/** Whether every output token is the argmax of the logits one position before it. */
function answersCorrectly(logits: Float32Array, b: number, T: number, V: number, instance: Instance): boolean {
  for (let t = instance.positions.output; t < instance.positions.eos; t++) {
    const row = logits.subarray((b * T + t - 1) * V, (b * T + t) * V);
    let best = 0;
    for (let v = 1; v < V; v++) if (row[v] > row[best]) best = v;
    if (best !== instance.tokens[t]) return false;
  }
  return true;
}
