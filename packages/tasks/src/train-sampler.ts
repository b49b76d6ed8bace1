import { range, type Random } from '@clusterlens/schema';
import type { Instance, Suite } from './suite.js';

/** Where a training sampler stands; plain JSON, so it can be saved with a checkpoint. */
export interface TrainSamplerState {
  /** The sampler's seed-tree branch, as `random.seed()`: a saved state resumes only on the same branch. */
  readonly seed: number;
  /** Epochs completed. */
  readonly epoch: number;
  /** Instances already drawn from the current epoch. */
  readonly offset: number;
  readonly trainSize: number;
  readonly fingerprint: string;
}

export interface TrainSampler {
  /** The next `batchSize` training instances; batches run across epoch boundaries. */
  next(batchSize: number): Instance[];
  state(): TrainSamplerState;
}

/**
 * Draws training batches in epochs: each epoch is a fresh permutation of the train split, drawn from the seed and
 * the epoch number alone. The state is therefore just (epoch, offset), and a sampler built from a saved state
 * continues exactly where the saved one stood.
 */
export function trainSampler(suite: Suite, random: Random, state?: TrainSamplerState): TrainSampler {
  const seed = random.seed();
  const train = suite.split('train');
  if (train.length === 0) throw new RangeError('trainSampler: the train split is empty');
  if (state) {
    const problems = [
      state.seed !== seed && `seed ${state.seed} differs from ${seed}`,
      state.trainSize !== train.length && `train size ${state.trainSize} differs from ${train.length}`,
      state.fingerprint !== suite.fingerprint && `suite fingerprint ${state.fingerprint} differs from ${suite.fingerprint}`,
      !(Number.isInteger(state.epoch) && state.epoch >= 0) && `epoch ${state.epoch} is not a count`,
      !(Number.isInteger(state.offset) && state.offset >= 0 && state.offset < train.length) &&
        `offset ${state.offset} is outside [0, ${train.length})`,
    ].filter(Boolean);
    if (problems.length > 0) throw new RangeError(`trainSampler: cannot resume: ${problems.join('; ')}`);
  }
  let epoch = state?.epoch ?? 0;
  let offset = state?.offset ?? 0;
  let order = random.fork('epoch', epoch).shuffle(range(train.length));

  return {
    next(batchSize: number): Instance[] {
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`next: batchSize ${batchSize} is not positive`);
      const batch: Instance[] = [];
      while (batch.length < batchSize) {
        batch.push(train[order[offset++]]);
        if (offset === train.length) {
          epoch++;
          offset = 0;
          order = random.fork('epoch', epoch).shuffle(range(train.length));
        }
      }
      return batch;
    },
    state: () => ({ seed, epoch, offset, trainSize: train.length, fingerprint: suite.fingerprint }),
  };
}
