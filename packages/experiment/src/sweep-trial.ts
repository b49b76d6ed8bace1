// The clusterlens trial as a sweep trial function (registered as 'clusterlens' by the CLI), and its ensemble function
// (seeds on one GPU). They run in a sweep worker thread; @clusterlens/sweep calls them by module URL and export name,
// so nothing here imports the sweep.
import { dirname, join } from 'node:path';

import { METRICS_LOG_FILE, type TrialMetricRow } from '@clusterlens/schema';

import { parseTrialConfig } from './config.js';
import { ensembleKey, trainEnsemble } from './train-ensemble.js';
import { runTrial, type TrialContext, type TrialProgress } from './trial.js';

/** The sweep's trial context (structurally; experiment does not depend on sweep). */
export interface SweepTrialContext {
  trialId: string;
  threads: number;
  checkpointDir: string;
  signal: AbortSignal;
  progress(progress: { fraction: number; message?: string }): void;
}

/**
 * Runs one trial of a sweep on the executor's threads (results do not depend on them, so a checkpoint resumes at any
 * thread count). Aborting saves a checkpoint in ctx.checkpointDir and rejects with TrialAbortedError; the same call
 * later resumes from it. Rows are appended to ctx.checkpointDir/metrics.jsonl as each evaluation finishes, so a
 * running sweep can be read.
 */
export async function sweepTrial(config: unknown, ctx: SweepTrialContext): Promise<{ rows: TrialMetricRow[] }> {
  const result = await runTrial(config, {
    threads: ctx.threads,
    checkpointDir: ctx.checkpointDir,
    // Beside the trials' own folders (<sweep dir>/checkpoints/pretrained; a queue worker's <workdir>/pretrained):
    // the alignment trials of one seed share one pre-training there.
    pretrainedDir: join(dirname(ctx.checkpointDir), 'pretrained'),
    signal: ctx.signal,
    metricsLog: { file: join(ctx.checkpointDir, METRICS_LOG_FILE), trial: ctx.trialId },
    // A probe-only trial (0 steps) is done once its step-0 evaluation is.
    onProgress: (p) => ctx.progress({ fraction: p.steps === 0 ? 0 : p.step / p.steps, message: describe(p) }),
  });
  result.model.dispose();
  return { rows: result.rows };
}

/**
 * The sweep's ensemble function: trials that differ only by their seed (sweepEnsembleKey), trained in lock-step by
 * trainEnsemble. Each member keeps its own folder beside the job's (<checkpoints>/<trial id>, where it would run
 * alone), with its checkpoint and live metrics.jsonl, so its result and resumption are those of the trial alone.
 */
export async function sweepEnsemble(
  config: { members: { trialId: string; config: unknown }[] },
  ctx: SweepTrialContext,
): Promise<{ members: { trialId: string; rows: TrialMetricRow[] }[] }> {
  const root = dirname(ctx.checkpointDir);
  const fractions = config.members.map(() => 0);
  const count = config.members.length;
  const members = config.members.map(({ trialId, config: memberConfig }, i) => {
    const checkpointDir = join(root, trialId);
    const memberCtx: TrialContext = {
      threads: ctx.threads,
      checkpointDir,
      signal: ctx.signal,
      metricsLog: { file: join(checkpointDir, METRICS_LOG_FILE), trial: trialId },
      onProgress: (p) => {
        fractions[i] = p.steps === 0 ? 0 : p.step / p.steps;
        ctx.progress({ fraction: fractions.reduce((a, b) => a + b, 0) / count, message: `${count} seeds together: ${describe(p)}` });
      },
    };
    return { config: memberConfig, ctx: memberCtx };
  });
  const results = await trainEnsemble(members);
  for (const result of results) result.model.dispose();
  return { members: results.map((result, i) => ({ trialId: config.members[i].trialId, rows: result.rows })) };
}

/** The trials the sweep runs as one ensemble job: those on 'cuda' that differ only by their seed (ensembleKey). */
export function sweepEnsembleKey(config: unknown): string | undefined {
  const parsed = parseTrialConfig(config);
  return parsed.training.device === 'cuda' ? ensembleKey(parsed) : undefined;
}

function describe(p: TrialProgress): string {
  if (p.phase === 'evaluate') return `step ${p.step}/${p.steps} probing`;
  return `step ${p.step}/${p.steps}${p.loss === undefined ? '' : ` loss ${p.loss.toFixed(3)}`}`;
}
