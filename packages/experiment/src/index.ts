export {
  applyOverrides,
  ConfigError,
  parseTrialConfig,
  parseTrialYaml,
  TRIAL_DEFAULTS,
  trialConfigSchema,
  type Split,
  type TrialConfig,
  type TrialConfigInput,
} from './config.js';
export { evaluationSteps } from './schedule.js';
export { evaluationSets, TrialSeeds, trialSuite, trialSuiteConfig } from './seeds.js';
export { runTrial, TrialAbortedError, trialHash, type TrialContext, type TrialProgress, type TrialResult } from './trial.js';
export { GPU_KMEANS_MIN_VALUES, kmeansDevice, probeModel, probeSettings, probesClusters, type ProbeModelOptions } from './probe-model.js';
export { evaluateSplit, type SplitEvaluation } from './evaluate.js';
export {
  DEFAULT_PROBE_HOOK,
  describeHookLayers,
  hookCacheName,
  hookFeatureWidth,
  hookLayerCount,
  positionFeatures,
  PROBE_HOOKS,
  probeLayerList,
  type ProbeHook,
} from './probe-hooks.js';
export {
  gatherRepresentations,
  INSTRUCTION_ONLY_POSITIONS,
  PROBE_POSITIONS,
  scatterRepresentationGrad,
  type ProbePosition,
} from './representations.js';
export { sweepEnsemble, sweepEnsembleKey, sweepTrial, type SweepTrialContext } from './sweep-trial.js';
export { ensembleKey, trainEnsemble, type EnsembleMember } from './train-ensemble.js';
export { trialCodeVersion, type TrialCodePackage, type TrialCodeVersionOptions } from './code-version.js';
export { pinInitWeights } from './init-from.js';
export { validateTrialConfig } from './validate.js';
export { GPT2_TOKEN_IDS_FILE, huggingFaceSuiteFiles, saveTrialModel } from './hugging-face-model.js';
export { taskTokenBatches, trainedSuite, type TrainingBatch } from './task-tokens.js';
export { taskTokensSchema, type TaskTokensConfig } from './task-tokens-config.js';
export { dpoLoss, dpoReferenceLogprobs, dpoStep, type DpoStats, type PreferenceBatch } from './alignment/dpo.js';
export {
  auxiliaryLossApplies,
  auxiliaryLossSchema,
  auxiliaryLossWindow,
  auxiliaryObjective,
  centreLoss,
  supconLoss,
  trainingStep,
  type AuxiliaryLossConfig,
  type AuxiliaryStepValues,
  type LabelledStates,
  type StatesLoss,
} from './auxiliary-loss/index.js';
export { ALIGNMENT_METHODS, ALIGNMENT_SELECTIONS, type AlignmentConfig } from './alignment/config.js';
export { pretrainingConfig } from './alignment/pretrained.js';
export { PRETRAINING_RECORD } from './alignment/run.js';
