import type { TrialConfigInput } from '@clusterlens/experiment';

/**
 * A toy alignment trial: 4 synthetic tasks, 2 blocks of C=32, 800 pre-training steps (training and validation
 * answered almost perfectly), then 100 SFT steps on 48 examples that teach one disallowed task to refuse. About 15
 * seconds on one thread.
 */
export const TOY_ALIGNMENT: TrialConfigInput = {
  seed: 1,
  data: { kind: 'synthetic', numTasks: 4, distributionsPerTask: 3, contextLength: 24 },
  model: { nLayer: 2, nHead: 2, nEmbd: 32 },
  optimizer: { warmupSteps: 20, lr: 3e-3 },
  training: { steps: 800, batchSize: 16 },
  evaluation: { every: 400, early: 0, instancesPerSplit: 64, splits: ['train', 'validation'], kmeans: { nInit: 2 } },
  probe: { saveRepresentations: false },
  checkpoint: { every: 50 },
  alignment: { disallowed: 1, budget: 48, steps: 100, batchSize: 16, lr: 2e-3 },
};

export const TOY_PRETRAINING_STEPS = 800;
export const TOY_ALIGNMENT_STEPS = 100;
