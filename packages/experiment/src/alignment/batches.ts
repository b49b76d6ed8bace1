// The order of alignment batches: epochs over the chosen examples, each a fresh permutation drawn from the seed and
// the epoch alone, so a saved (epoch, offset) resumes exactly (as the training sampler does for pre-training).
import { range, type Random } from '@clusterlens/schema';

export interface ExampleSamplerState {
  epoch: number;
  offset: number;
}

export interface ExampleSampler {
  /** Indices of the next `batchSize` examples; batches run across epoch boundaries. */
  next(batchSize: number): number[];
  state(): ExampleSamplerState;
}

/** Batches of indices into `n` examples, drawn from `random` (the trial's `alignment-batches` branch). */
export function exampleSampler(n: number, random: Random, state: ExampleSamplerState = { epoch: 0, offset: 0 }): ExampleSampler {
  let { epoch, offset } = state;
  let order = random.fork('epoch', epoch).shuffle(range(n));
  return {
    next(batchSize) {
      const batch: number[] = [];
      while (batch.length < batchSize) {
        batch.push(order[offset++]);
        if (offset === n) {
          epoch++;
          offset = 0;
          order = random.fork('epoch', epoch).shuffle(range(n));
        }
      }
      return batch;
    },
    state: () => ({ epoch, offset }),
  };
}
