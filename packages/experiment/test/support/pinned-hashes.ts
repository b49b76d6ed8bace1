// Trial hashes pinned for configs that leave every optional key out (checkpoint.keep, training.taskTokens,
// training.auxiliaryLoss, alignment, init, probe.hook, probe.standardize): such a key writes nothing when absent, so
// adding one must not move these. Taken with the canonical trialHash (keys sorted).
export const DEFAULT_TRIAL_HASH = 'bf65328fa87875a5';

export const SMALL_CONFIG = { seed: 3, model: { nLayer: 2, nHead: 2, nEmbd: 32 }, training: { steps: 120, batchSize: 16 }, checkpoint: { every: 30 } };
export const SMALL_CONFIG_HASH = '2468eceb7b9ae5cd';

export const SMALL_MODEL_CONFIG = { seed: 3, model: { nLayer: 2, nHead: 2, nEmbd: 32 } };
export const SMALL_MODEL_CONFIG_HASH = '9ef0e7055126ad6c';
