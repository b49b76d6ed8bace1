import type { Instance } from './suite.js';

/** The label of a position without loss, as in Hugging Face and PyTorch. */
export const IGNORE_LABEL = -100;

/**
 * Which positions the loss covers:
 * - `output`: the output tokens and the EOS after them (the instruction-tuning convention);
 * - `all`: every position from the first instruction token to EOS, i.e. every non-pad position except BOS.
 */
export type LossMode = 'output' | 'all';

/**
 * Hugging Face labels for one instance: labels[t] = tokens[t] where the loss applies, -100 elsewhere. The model
 * shifts them itself (the logits at t-1 predict labels[t]), which is why BOS, predicted by nothing, never has one.
 */
export function labelsFor(instance: Instance, loss: LossMode): Int32Array {
  const { tokens, positions } = instance;
  const labels = new Int32Array(tokens.length).fill(IGNORE_LABEL);
  const first = loss === 'output' ? positions.output : loss === 'all' ? positions.instructionStart : undefined;
  if (first === undefined) throw new RangeError(`loss: '${String(loss)}' is not 'output' or 'all'`);
  for (let t = first; t <= positions.eos; t++) labels[t] = tokens[t];
  return labels;
}

/** Tokens and labels of a batch, row-major (B,T): row b is instances[b]. */
export function batchTensors(instances: readonly Instance[], loss: LossMode): { tokens: Int32Array; labels: Int32Array } {
  if (instances.length === 0) throw new RangeError('batchTensors: the batch is empty');
  const T = instances[0].tokens.length;
  const tokens = new Int32Array(instances.length * T);
  const labels = new Int32Array(instances.length * T);
  instances.forEach((instance, b) => {
    if (instance.tokens.length !== T) {
      throw new RangeError(`batchTensors: instance ${b} has ${instance.tokens.length} tokens, instance 0 has ${T}`);
    }
    tokens.set(instance.tokens, b * T);
    labels.set(labelsFor(instance, loss), b * T);
  });
  return { tokens, labels };
}
