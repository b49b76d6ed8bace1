/** The label that marks a position without loss, as in Hugging Face and PyTorch. */
export const IGNORE_INDEX = -100;

/**
 * Turns Hugging Face labels (B,T) into the engine's next-token targets (B,T): logits at position t predict
 * labels[t+1], so target[t] = labels[t+1], the last position of each row has none, and -100 becomes -1.
 * Optional per-label weights move with their labels.
 */
export function shiftLabels(
  labels: Int32Array,
  batch: number,
  weights?: Float32Array,
): { targets: Int32Array; weights?: Float32Array } {
  if (!Number.isInteger(batch) || batch < 1 || labels.length % batch !== 0) {
    throw new RangeError(`labels: length ${labels.length} is not a multiple of batch ${batch}`);
  }
  if (weights && weights.length !== labels.length) {
    throw new RangeError(`weights: length ${weights.length} differs from labels length ${labels.length}`);
  }
  const T = labels.length / batch;
  const targets = new Int32Array(labels.length).fill(-1);
  const shiftedWeights = weights ? new Float32Array(labels.length) : undefined;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t + 1 < T; t++) {
      const label = labels[b * T + t + 1];
      if (label === IGNORE_INDEX) continue;
      if (label < 0) {
        throw new RangeError(`labels[${b * T + t + 1}]: ${label} is negative; use ${IGNORE_INDEX} to ignore a position`);
      }
      targets[b * T + t] = label;
      if (shiftedWeights) shiftedWeights[b * T + t] = weights![b * T + t + 1];
    }
  }
  return { targets, weights: shiftedWeights };
}
