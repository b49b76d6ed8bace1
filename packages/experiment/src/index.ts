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
export { probeModel, probeSettings, probesClusters, type ProbeModelOptions } from './probe-model.js';
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
export { INSTRUCTION_ONLY_POSITIONS, PROBE_POSITIONS, type ProbePosition } from './representations.js';
export { sweepTrial, type SweepTrialContext } from './sweep-trial.js';
export { trialCodeVersion, type TrialCodePackage, type TrialCodeVersionOptions } from './code-version.js';
export { validateTrialConfig } from './validate.js';
export { huggingFaceSuiteFiles, saveTrialModel } from './hugging-face-model.js';
export { ALIGNMENT_METHODS, ALIGNMENT_SELECTIONS, type AlignmentConfig } from './alignment/config.js';
export { pretrainingConfig } from './alignment/pretrained.js';
export { PRETRAINING_RECORD } from './alignment/run.js';
