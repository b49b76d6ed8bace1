// What every `clusterlens sweep` command shares: the clusterlens trial function and reading a spec file.
import { pinInitWeights, sweepEnsembleKey, trialCodeVersion, validateTrialConfig } from '@clusterlens/experiment';
import { getTrialFunction, plan, readSweepSpecFile, registerTrialFunction, type PlannedTrial, type SweepSpec } from '@clusterlens/sweep';

/**
 * Registers the clusterlens trial ('clusterlens', the spec default). The module is resolved here, where
 * @clusterlens/experiment is a dependency, into a file URL that the sweep's worker threads can import. The code
 * version hashes the built JavaScript of the trial's packages and the engine's sources (trialCodeVersion): part of
 * every trial id, so a sweep re-run after any change to that code runs every trial again. Trials on 'cuda' that differ
 * only by their seed run as ensemble jobs (sweepEnsemble), each stored as if it had run alone.
 */
export function registerClusterlensTrial(): void {
  registerTrialFunction('clusterlens', {
    module: import.meta.resolve('@clusterlens/experiment'),
    export: 'sweepTrial',
    // The schema and the task suite: a regex that cannot give its instructions fails at plan time, not on a worker.
    validate: validateTrialConfig,
    // init.from names weights by path: their hash goes into the config, so the trial id changes with the weights.
    pin: pinInitWeights,
    codeVersion: trialCodeVersion(),
    // Seeds of one config on 'cuda' train in lock-step on the GPU, one job for up to 64 of them.
    ensemble: { export: 'sweepEnsemble', groupKey: sweepEnsembleKey },
  });
}

/** The spec file validated, its base files (relative to it) read and merged; errors start with the file's name. */
export async function readSpec(file: string): Promise<SweepSpec> {
  return readSweepSpecFile(file);
}

/** Plans with the spec's registered trial function; errors start with the spec file's name. */
export function planSpec(spec: SweepSpec, file: string): PlannedTrial[] {
  try {
    return plan(spec, getTrialFunction(spec.trial));
  } catch (error) {
    if (error instanceof Error) error.message = `${file}: ${error.message}`;
    throw error;
  }
}
