import type { GptConfig, OptimizerConfig } from '@clusterlens/native';

export type { GptConfig, OptimizerConfig };

/** The default model of the clusterlens protocol (our choice, not the paper's): 5 blocks, C=128, 4 heads. */
export const DEFAULT_GPT_CONFIG: Required<GptConfig> = {
  nLayer: 5,
  nHead: 4,
  nEmbd: 128,
  nPositions: 32,
  vocabSize: 58,
  layerNormEps: 1e-5,
};

/** The default optimiser of the protocol: AdamW, 100 warm-up steps, cosine decay over 3000 steps, clip at 1. */
export const DEFAULT_OPTIMIZER: OptimizerConfig = {
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.01,
  warmupSteps: 100,
  totalSteps: 3000,
  minLrRatio: 0,
  gradClip: 1,
};
