// Task-identity tokens in a trial (training.taskTokens, docs/PROTOCOL.md section 6): the model's vocabulary gains one
// token per task, and during the first steps the chosen training sequences carry their task's token after BOS.
// Evaluation sets, probes and unseen splits use the suite's plain instances, so they never show a task token.
import { formatPath } from '@clusterlens/schema';
import { insertTaskToken, SuiteConfigError, withTaskTokens, type AnySuite, type Instance, type SyntheticSuiteWithTaskTokens } from '@clusterlens/tasks';

import { ConfigError, type TrialConfig } from './config.js';
import { trialSuite, type TrialSeeds } from './seeds.js';

/**
 * The suite a trial's model is built for: the trial's task suite, with its task tokens appended to the vocabulary
 * when `training.taskTokens` is set. Its instances, splits and fingerprint are the task suite's. Throws a ConfigError
 * on `data.contextLength` when a training sequence has no room for the token: before any training step.
 */
export function trainedSuite(config: TrialConfig, seeds: TrialSeeds): AnySuite {
  const suite = trialSuite(config.data, seeds);
  if (config.training.taskTokens === undefined) return suite;
  // parseTrialConfig refuses task tokens with any other suite.
  if (suite.kind !== 'synthetic') throw new ConfigError(`training.taskTokens: not available for data.kind '${suite.kind}'`);
  try {
    return withTaskTokens(suite);
  } catch (error) {
    if (!(error instanceof SuiteConfigError)) throw error;
    throw new ConfigError(error.issues.map((issue) => `${formatPath(['data', ...issue.path])}: ${issue.message}`).join('\n'), { cause: error });
  }
}

/** The instances one training step (1-based) feeds the model, given those its sampler drew. */
export type TrainingBatch = (instances: readonly Instance[], step: number) => readonly Instance[];

/**
 * What each training step feeds the model. Without `training.taskTokens`, the drawn instances. With it, during steps
 * 1..round(fraction x steps) each instance carries its task's token with probability `probability`, drawn from the
 * trial's `task-tokens` branch forked by the step: the choice depends on the seed and the step alone, so a resumed
 * trial draws what an uninterrupted one does. Later steps feed the plain instances.
 */
export function taskTokenBatches(config: TrialConfig, suite: AnySuite, seeds: TrialSeeds): TrainingBatch {
  const settings = config.training.taskTokens;
  if (settings === undefined) return (instances) => instances;
  if (!hasTaskTokens(suite)) throw new Error('taskTokenBatches: the suite has no task tokens; build it with trainedSuite');
  const { ids } = suite.taskTokens;
  const { pad } = suite.vocabulary;
  const lastStep = Math.round(settings.fraction * config.training.steps);
  return (instances, step) => {
    if (step > lastStep) return instances;
    const random = seeds.taskTokens.fork(step);
    const carries = () => settings.probability === 1 || random.float() < settings.probability;
    return instances.map((instance) => (carries() ? insertTaskToken(instance, ids[instance.task], pad) : instance));
  };
}

const hasTaskTokens = (suite: AnySuite): suite is SyntheticSuiteWithTaskTokens => 'taskTokens' in suite;
