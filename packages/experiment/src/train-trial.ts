// trainTrial: trains one model on a task suite, evaluates on a schedule and probes every layer for clusters.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { checkDevice, Gpt } from '@clusterlens/model';
import { appendMetricsLog, metricRowsFromJson, metricRowsToJson, writeMetricsLog, type TrialMetricRow } from '@clusterlens/schema';
import { batchTensors, trainSampler, type Suite, type TrainSamplerState } from '@clusterlens/tasks';

import { trainingStep } from './auxiliary-loss/training-step.js';
import { ConfigError, type TrialConfig } from './config.js';
import { loadPretrained } from './init-from.js';
import { probeLayerList } from './probe-hooks.js';
import { probeModel, probeSettings } from './probe-model.js';
import { saveRepresentations } from './save-representations.js';
import { evaluationSteps } from './schedule.js';
import { evaluationSets, TrialSeeds } from './seeds.js';
import { taskTokenBatches, trainedSuite } from './task-tokens.js';
import { TrialAbortedError, trialHash, type TrialContext, type TrialProgress, type TrialResult } from './trial-context.js';

const CHECKPOINT = 'trial.safetensors';

/** Trains one model on its task suite, evaluating on the schedule and probing every layer (a trial without alignment). */
export async function trainTrial(config: TrialConfig, ctx: TrialContext = {}): Promise<TrialResult> {
  const threads = ctx.threads ?? 1;
  const { training, evaluation, probe } = config;
  const device = checkDevice(training.device ?? 'cpu', 'training.device');
  const seeds = new TrialSeeds(config.seed);
  const suite = trainedSuite(config, seeds);
  const trainingBatch = taskTokenBatches(config, suite, seeds);
  const layers = probeLayerList(probe, config.model.nLayer);
  const evalSets = evaluationSets(suite, evaluation.splits, evaluation.instancesPerSplit, seeds);
  const snapshotSteps = new Set(probe.representationSteps === 'first-last' ? [0, training.steps] : probe.representationSteps);
  const schedule = new Set([...evaluationSteps(training.steps, evaluation.every, evaluation.early), ...snapshotSteps]);
  const hash = trialHash(config);
  const keep = keptSteps(config, schedule);

  const state = await startOrResume(config, suite, seeds, hash, threads, ctx.checkpointDir);
  const { gpt, sampler, rows } = state;
  gpt.device = device;
  let { step, lossSum, lossCount } = state;
  // The auxiliary loss's sum and count over the steps since the last evaluation that used it (recorded like train-loss).
  const auxiliary = state.auxiliary;
  const resumedFrom = step > 0 ? step : null;
  const log = ctx.metricsLog;
  if (log) {
    await mkdir(dirname(log.file), { recursive: true });
    await writeMetricsLog(log.file, rows, log.trial);
  }
  const report = (progress: Omit<TrialProgress, 'steps'>) => ctx.onProgress?.({ ...progress, steps: training.steps });
  let latestAri: number | undefined;
  const initSha256 = config.init ? { initSha256: config.init.sha256 } : {};
  // What a checkpoint saves; the config lets a later run that is given the checkpoint (alignment.from) name what differs.
  const current = (): TrialState => ({ hash, config, step, sampler: sampler.state(), rows, lossSum, lossCount, auxiliary, ...initSha256 });

  const evaluate = async () => {
    report({ phase: 'evaluate', step, ari: latestAri });
    const fresh = await probeModel(gpt, evalSets, {
      ...probeSettings(config),
      step,
      layers,
      seeds,
      threads,
      onEvaluated: async (split, result) => {
        const snapshot = probe.saveRepresentations && ctx.checkpointDir && split === 'train' && snapshotSteps.has(step);
        if (!snapshot) return;
        const layer = layers[layers.length - 1];
        const taskNames = suite.tasks.map((t) => t.name);
        await saveRepresentations(ctx.checkpointDir!, result, { split, layer, step, taskNames, hook: probe.hook });
      },
    });
    if (lossCount > 0) fresh.push({ split: 'train', layer: null, step, metric: 'train-loss', value: lossSum / lossCount });
    if (auxiliary.count > 0) fresh.push({ split: 'train', layer: null, step, metric: 'auxiliary-loss', value: auxiliary.sum / auxiliary.count });
    lossSum = 0;
    lossCount = 0;
    auxiliary.sum = 0;
    auxiliary.count = 0;
    rows.push(...fresh);
    if (log) await appendMetricsLog(log.file, fresh, log.trial);
    const top = fresh.find((r) => r.split === 'train' && r.metric === 'ari' && r.layer === layers[layers.length - 1]);
    latestAri = top?.value ?? latestAri;
    ctx.onRows?.(fresh);
  };

  // A checkpoint holds the evaluation of its step: one saved at step 0 (stopped before the first step) has it already.
  if (!state.resumed) {
    await evaluate();
    if (keep.has(0)) await saveCheckpoint(ctx, gpt, current(), 0);
  }
  while (step < training.steps) {
    if (ctx.signal?.aborted) {
      await saveCheckpoint(ctx, gpt, current());
      throw new TrialAbortedError(step);
    }
    // Task tokens (when configured) change the batch before anything reads its positions, the auxiliary loss included.
    const instances = trainingBatch(sampler.next(training.batchSize), step + 1);
    const { loss, auxiliary: auxiliaryLoss } = await trainingStep(gpt, { ...batchTensors(instances, training.loss), instances }, config, step);
    step++;
    if (auxiliaryLoss !== undefined) {
      auxiliary.sum += auxiliaryLoss;
      auxiliary.count++;
    }
    lossSum += loss;
    lossCount++;
    report({ phase: 'train', step, loss, ari: latestAri });
    if (schedule.has(step)) await evaluate();
    if (step % config.checkpoint.every === 0 || step === training.steps) {
      await saveCheckpoint(ctx, gpt, current());
    }
    if (keep.has(step)) await saveCheckpoint(ctx, gpt, current(), step);
  }
  return { config, rows, resumedFrom, model: gpt };
}

interface TrialState {
  hash: string;
  config?: TrialConfig;
  step: number;
  sampler: TrainSamplerState;
  rows: TrialMetricRow[];
  lossSum: number;
  lossCount: number;
  auxiliary: { sum: number; count: number };
  /** The sha256 of the weights an `init.from` trial started from (absent for a fresh initialisation). */
  initSha256?: string;
}

async function startOrResume(config: TrialConfig, suite: Suite, seeds: TrialSeeds, hash: string, threads: number, checkpointDir?: string) {
  const file = checkpointDir ? join(checkpointDir, CHECKPOINT) : undefined;
  if (file && existsSync(file)) {
    const gpt = await Gpt.load(file, { threads });
    const saved = JSON.parse(gpt.checkpointExtra.trial ?? '{}') as Partial<TrialState>;
    if (saved.hash !== hash && saved.initSha256 !== config.init?.sha256) {
      throw new ConfigError(`${file}: the checkpoint was trained from weights with sha256 ${saved.initSha256 ?? 'none (a fresh initialisation)'}, but init.from now has ${config.init?.sha256 ?? 'none'}; use another output folder`);
    }
    if (saved.hash !== hash) {
      throw new ConfigError(`${file}: the checkpoint belongs to another config (hash ${saved.hash ?? 'missing'}, expected ${hash}); use another output folder`);
    }
    const sampler = trainSampler(suite, seeds.sampler, saved.sampler);
    return { gpt, sampler, rows: metricRowsFromJson<TrialMetricRow>(saved.rows!), step: saved.step!, lossSum: saved.lossSum!, lossCount: saved.lossCount!, auxiliary: saved.auxiliary ?? { sum: 0, count: 0 }, resumed: true };
  }
  const optimizer = { ...config.optimizer, totalSteps: config.training.steps };
  const gpt = config.init
    ? await loadPretrained(config.init, { threads, optimizer })
    : await Gpt.create({ ...config.model, nPositions: suite.contextLength, vocabSize: suite.tokenizer.vocabSize }, { seed: seeds.init, threads, optimizer });
  return { gpt, sampler: trainSampler(suite, seeds.sampler), rows: [] as TrialMetricRow[], step: 0, lossSum: 0, lossCount: 0, auxiliary: { sum: 0, count: 0 }, resumed: false };
}

/** The steps `checkpoint.keep` names, 'evaluations' read as every step of the evaluation schedule (step 0 included). */
function keptSteps(config: TrialConfig, schedule: ReadonlySet<number>): Set<number> {
  return new Set((config.checkpoint.keep ?? []).flatMap((step) => (step === 'evaluations' ? [...schedule] : [step])));
}

/** The latest checkpoint, or with `keptStep` the kept snapshot `step-<n>.safetensors` (never overwritten by later steps). */
async function saveCheckpoint(ctx: TrialContext, gpt: Gpt, state: TrialState, keptStep?: number): Promise<void> {
  if (!ctx.checkpointDir) return;
  await mkdir(ctx.checkpointDir, { recursive: true });
  const file = keptStep === undefined ? CHECKPOINT : `step-${keptStep}.safetensors`;
  // Rows hold NaN where a metric is undefined: JSON keeps those by name.
  await gpt.save(join(ctx.checkpointDir, file), { trial: JSON.stringify({ ...state, rows: metricRowsToJson(state.rows) }) });
}
