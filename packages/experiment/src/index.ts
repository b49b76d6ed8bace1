export {
  applyOverrides,
  ConfigError,
  parseTrialConfig,
  parseTrialYaml,
  PROBE_POSITIONS,
  trialConfigSchema,
  type Split,
  type TrialConfig,
  type TrialConfigInput,
} from './config.js';
export type { MetricRow } from './metrics.js';
export { evaluationSteps } from './schedule.js';
export { mixSeed } from './seeds.js';
export { runTrial, TrialAbortedError, trialHash, type TrialContext, type TrialProgress, type TrialResult } from './trial.js';
export { probeModel, type ProbeModelOptions } from './probe-model.js';
export { evaluateSplit, type SplitEvaluation } from './evaluate.js';
export type { ProbePosition } from './representations.js';
export { sweepTrial, type SweepTrialContext } from './sweep-trial.js';
