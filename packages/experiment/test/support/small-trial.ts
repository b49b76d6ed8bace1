import type { TrialConfigInput } from '@clusterlens/experiment';

/** A trial small enough to run several times in a test: 2 blocks, C=32, 120 steps. */
export const SMALL_TRIAL: TrialConfigInput = {
  seed: 3,
  model: { nLayer: 2, nHead: 2, nEmbd: 32 },
  optimizer: { warmupSteps: 10, lr: 3e-3 },
  training: { steps: 120, batchSize: 16 },
  evaluation: { every: 40, early: 2, instancesPerSplit: 48, splits: ['train', 'heldout-pairs', 'validation'], kmeans: { nInit: 2 } },
  checkpoint: { every: 30 },
};
