// The clusterlens trial as a sweep trial function (registered as 'clusterlens' by the CLI). It runs in a sweep
// worker thread; @clusterlens/sweep calls it by module URL and export name, so nothing here imports the sweep.
import { dirname, join } from 'node:path';

import { METRICS_LOG_FILE, type TrialMetricRow } from '@clusterlens/schema';

import { runTrial, type TrialProgress } from './trial.js';

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

function describe(p: TrialProgress): string {
  if (p.phase === 'evaluate') return `step ${p.step}/${p.steps} probing`;
  return `step ${p.step}/${p.steps}${p.loss === undefined ? '' : ` loss ${p.loss.toFixed(3)}`}`;
}
