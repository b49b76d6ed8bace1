// trainEnsemble: trials that differ only by their seed trained in lock-step (@clusterlens/model's GptEnsemble), each
// evaluated, checkpointed and resumed as its TrialRun does alone, so each trial's rows and files are those of the
// trial run alone (on 'cpu' bit for bit; on 'cuda' as a trial alone on 'cuda' computes them).
import { canonicalJson } from '@clusterlens/schema';
import { GptEnsemble } from '@clusterlens/model';

import { ConfigError, parseTrialConfig, type TrialConfig } from './config.js';
import { TrialAbortedError, type TrialContext, type TrialResult } from './trial-context.js';
import { TrialRun } from './train-trial.js';

export interface EnsembleMember {
  /** A trial config, parsed as runTrial parses it. */
  config: TrialConfig | unknown;
  /** The member's own context: its checkpoint folder and metrics log, progress, signal (any member's stops all). */
  ctx: TrialContext;
}

/**
 * What trials must share to train as one ensemble: everything but the seed. Undefined for a trial that trains
 * alone: one with an alignment stage or an auxiliary loss (their steps compute objectives outside the engine).
 */
export function ensembleKey(config: TrialConfig): string | undefined {
  if (config.alignment || config.training.auxiliaryLoss) return undefined;
  const { seed: _seed, ...shared } = config;
  return canonicalJson(shared);
}

/** Trains the members in lock-step on their config's `training.device`; returns each member's result, in order. */
export async function trainEnsemble(members: readonly EnsembleMember[]): Promise<TrialResult[]> {
  if (members.length === 0) throw new RangeError('trainEnsemble: no members');
  const configs = members.map((member) => parseTrialConfig(member.config));
  const key = ensembleKey(configs[0]);
  configs.forEach((config, i) => {
    if (key === undefined || ensembleKey(config) !== key) {
      throw new ConfigError(`trainEnsemble: member ${i}'s config differs from member 0's in more than its seed, or trains alone (alignment, auxiliaryLoss)`);
    }
  });
  const runs: TrialRun[] = [];
  try {
    for (const [i, { ctx }] of members.entries()) runs.push(await TrialRun.open(configs[i], ctx));
    // Members resumed from checkpoints of different steps: the ones behind catch up alone.
    const target = Math.max(...runs.map((run) => run.step));
    for (const run of runs) {
      while (run.step < target) {
        await run.stopIfAborted();
        await run.trainStep();
      }
    }
    await lockStep(runs);
    return runs.map((run) => run.result());
  } catch (error) {
    for (const run of runs) run.gpt.dispose();
    throw error;
  }
}

async function lockStep(runs: readonly TrialRun[]): Promise<void> {
  if (runs[0].done) return;
  const { training } = runs[0].config;
  const ensemble = new GptEnsemble(runs.map((run) => run.gpt), training.device ?? 'cpu', training.precision ?? 'fp32');
  try {
    while (!runs[0].done) {
      if (runs.some((run) => run.abortRequested)) {
        for (const run of runs) await run.checkpoint();
        throw new TrialAbortedError(runs[0].step);
      }
      const losses = await ensemble.step(runs.map((run) => run.nextBatch()), { batch: training.batchSize });
      for (const [i, run] of runs.entries()) await run.afterStep(losses[i]);
    }
  } finally {
    ensemble.release();
  }
}
