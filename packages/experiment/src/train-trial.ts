// trainTrial: trains one model on a task suite, evaluates on a schedule and probes every layer for clusters. The loop
// is a TrialRun, which an ensemble (train-ensemble.ts) also drives, one step at a time beside other trials'.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { checkDevice, Gpt } from '@clusterlens/model';
import { appendMetricsLog, metricRowsFromJson, metricRowsToJson, writeMetricsLog, type TrialMetricRow } from '@clusterlens/schema';
import { batchTensors, trainSampler, type Instance, type Suite, type TrainSampler, type TrainSamplerState } from '@clusterlens/tasks';

import { trainingStep } from './auxiliary-loss/training-step.js';
import { ConfigError, type TrialConfig } from './config.js';
import { loadPretrained } from './init-from.js';
import { probeLayerList } from './probe-hooks.js';
import { probeModel, probeSettings } from './probe-model.js';
import { saveRepresentations } from './save-representations.js';
import { evaluationSteps } from './schedule.js';
import { evaluationSets, TrialSeeds } from './seeds.js';
import { taskTokenBatches, trainedSuite, type TrainingBatch } from './task-tokens.js';
import { TrialAbortedError, trialHash, type TrialContext, type TrialProgress, type TrialResult } from './trial-context.js';

const CHECKPOINT = 'trial.safetensors';

/** Trains one model on its task suite, evaluating on the schedule and probing every layer (a trial without alignment). */
export async function trainTrial(config: TrialConfig, ctx: TrialContext = {}): Promise<TrialResult> {
  const run = await TrialRun.open(config, ctx);
  while (!run.done) {
    await run.stopIfAborted();
    await run.trainStep();
  }
  return run.result();
}

/** One step's batch: the engine's tensors and the instances they hold (the auxiliary loss reads their positions). */
export interface StepBatch {
  tokens: Int32Array;
  labels: Int32Array;
  instances: readonly Instance[];
}

/**
 * One trial's training loop, one step at a time: open() starts (or resumes) it and evaluates step 0; each step is
 * either trainStep() (the model alone) or nextBatch() and a step taken elsewhere (an ensemble's) reported to
 * afterStep(); evaluations and checkpoints follow the schedule either way, so a trial's rows do not depend on which.
 */
export class TrialRun {
  readonly config: TrialConfig;
  readonly gpt: Gpt;
  readonly #ctx: TrialContext;
  readonly #parts: RunParts;
  readonly #sampler: TrainSampler;
  readonly #rows: TrialMetricRow[];
  readonly #resumedFrom: number | null;
  #step: number;
  #lossSum: number;
  #lossCount: number;
  // The auxiliary loss's sum and count over the steps since the last evaluation that used it (recorded like train-loss).
  readonly #auxiliary: { sum: number; count: number };
  #latestAri: number | undefined;

  private constructor(config: TrialConfig, ctx: TrialContext, parts: RunParts, state: StartedState) {
    this.config = config;
    this.#ctx = ctx;
    this.#parts = parts;
    this.gpt = state.gpt;
    this.#sampler = state.sampler;
    this.#rows = state.rows;
    this.#step = state.step;
    this.#lossSum = state.lossSum;
    this.#lossCount = state.lossCount;
    this.#auxiliary = state.auxiliary;
    this.#resumedFrom = state.step > 0 ? state.step : null;
  }

  /** Starts the trial, or resumes it from ctx.checkpointDir; a fresh trial is evaluated at step 0. */
  static async open(config: TrialConfig, ctx: TrialContext = {}): Promise<TrialRun> {
    const threads = ctx.threads ?? 1;
    const { training, evaluation, probe } = config;
    const device = checkDevice(training.device ?? 'cpu', 'training.device');
    const seeds = new TrialSeeds(config.seed);
    const suite = trainedSuite(config, seeds);
    const snapshotSteps = new Set(probe.representationSteps === 'first-last' ? [0, training.steps] : probe.representationSteps);
    const schedule = new Set([...evaluationSteps(training.steps, evaluation.every, evaluation.early), ...snapshotSteps]);
    const parts: RunParts = {
      suite,
      seeds,
      trainingBatch: taskTokenBatches(config, suite, seeds),
      layers: probeLayerList(probe, config.model.nLayer),
      evalSets: evaluationSets(suite, evaluation.splits, evaluation.instancesPerSplit, seeds),
      snapshotSteps,
      schedule,
      keep: keptSteps(config, schedule),
      hash: trialHash(config),
    };
    const state = await startOrResume(config, suite, seeds, parts.hash, threads, ctx.checkpointDir);
    state.gpt.device = device;
    state.gpt.precision = training.precision ?? 'fp32';
    const run = new TrialRun(config, ctx, parts, state);
    const log = ctx.metricsLog;
    if (log) {
      await mkdir(dirname(log.file), { recursive: true });
      await writeMetricsLog(log.file, run.#rows, log.trial);
    }
    // A checkpoint holds the evaluation of its step: one saved at step 0 (stopped before the first step) has it already.
    if (!state.resumed) {
      await run.#evaluate();
      if (run.#parts.keep.has(0)) await run.#saveCheckpoint(0);
    }
    return run;
  }

  /** Training steps taken so far. */
  get step(): number {
    return this.#step;
  }

  get done(): boolean {
    return this.#step >= this.config.training.steps;
  }

  /** The trial's signal asks it to stop (stopIfAborted, or an ensemble's own handling, then does). */
  get abortRequested(): boolean {
    return this.#ctx.signal?.aborted ?? false;
  }

  /** When the trial's signal is aborted: saves a checkpoint and throws TrialAbortedError. */
  async stopIfAborted(): Promise<void> {
    if (!this.abortRequested) return;
    await this.checkpoint();
    throw new TrialAbortedError(this.#step);
  }

  /** Saves the latest checkpoint now (where ctx.checkpointDir is set). */
  checkpoint(): Promise<void> {
    return this.#saveCheckpoint();
  }

  /** The next step's batch (the sampler moves on). */
  nextBatch(): StepBatch {
    const { training } = this.config;
    // Task tokens (when configured) change the batch before anything reads its positions, the auxiliary loss included.
    const instances = this.#parts.trainingBatch(this.#sampler.next(training.batchSize), this.#step + 1);
    return { ...batchTensors(instances, training.loss), instances };
  }

  /** One step of this trial's model on its next batch, then what follows it (afterStep). */
  async trainStep(): Promise<void> {
    const { loss, auxiliary } = await trainingStep(this.gpt, this.nextBatch(), this.config, this.#step);
    await this.afterStep(loss, auxiliary);
  }

  /** Counts a step taken on nextBatch()'s batch, then evaluates and checkpoints where the schedule says. */
  async afterStep(loss: number, auxiliaryLoss?: number): Promise<void> {
    this.#step++;
    if (auxiliaryLoss !== undefined) {
      this.#auxiliary.sum += auxiliaryLoss;
      this.#auxiliary.count++;
    }
    this.#lossSum += loss;
    this.#lossCount++;
    this.#report({ phase: 'train', step: this.#step, loss, ari: this.#latestAri });
    if (this.#parts.schedule.has(this.#step)) await this.#evaluate();
    if (this.#step % this.config.checkpoint.every === 0 || this.done) await this.#saveCheckpoint();
    if (this.#parts.keep.has(this.#step)) await this.#saveCheckpoint(this.#step);
  }

  result(): TrialResult {
    return { config: this.config, rows: this.#rows, resumedFrom: this.#resumedFrom, model: this.gpt };
  }

  #report(progress: Omit<TrialProgress, 'steps'>): void {
    this.#ctx.onProgress?.({ ...progress, steps: this.config.training.steps });
  }

  async #evaluate(): Promise<void> {
    const { probe } = this.config;
    const step = this.#step;
    const ctx = this.#ctx;
    const layers = this.#parts.layers;
    this.#report({ phase: 'evaluate', step, ari: this.#latestAri });
    const fresh = await probeModel(this.gpt, this.#parts.evalSets, {
      ...probeSettings(this.config),
      step,
      layers,
      seeds: this.#parts.seeds,
      threads: ctx.threads ?? 1,
      onEvaluated: async (split, result) => {
        const snapshot = probe.saveRepresentations && ctx.checkpointDir && split === 'train' && this.#parts.snapshotSteps.has(step);
        if (!snapshot) return;
        const layer = layers[layers.length - 1];
        const taskNames = this.#parts.suite.tasks.map((t) => t.name);
        await saveRepresentations(ctx.checkpointDir!, result, { split, layer, step, taskNames, hook: probe.hook });
      },
    });
    if (this.#lossCount > 0) fresh.push({ split: 'train', layer: null, step, metric: 'train-loss', value: this.#lossSum / this.#lossCount });
    const auxiliary = this.#auxiliary;
    if (auxiliary.count > 0) fresh.push({ split: 'train', layer: null, step, metric: 'auxiliary-loss', value: auxiliary.sum / auxiliary.count });
    this.#lossSum = 0;
    this.#lossCount = 0;
    auxiliary.sum = 0;
    auxiliary.count = 0;
    this.#rows.push(...fresh);
    const log = ctx.metricsLog;
    if (log) await appendMetricsLog(log.file, fresh, log.trial);
    const top = fresh.find((r) => r.split === 'train' && r.metric === 'ari' && r.layer === layers[layers.length - 1]);
    this.#latestAri = top?.value ?? this.#latestAri;
    ctx.onRows?.(fresh);
  }

  /** The latest checkpoint, or with `keptStep` the kept snapshot `step-<n>.safetensors` (never overwritten by later steps). */
  async #saveCheckpoint(keptStep?: number): Promise<void> {
    const dir = this.#ctx.checkpointDir;
    if (!dir) return;
    await mkdir(dir, { recursive: true });
    const file = keptStep === undefined ? CHECKPOINT : `step-${keptStep}.safetensors`;
    // What a checkpoint saves; the config lets a later run that is given the checkpoint (alignment.from) name what differs.
    const state: TrialState = {
      hash: this.#parts.hash,
      config: this.config,
      step: this.#step,
      sampler: this.#sampler.state(),
      rows: this.#rows,
      lossSum: this.#lossSum,
      lossCount: this.#lossCount,
      auxiliary: this.#auxiliary,
      ...(this.config.init ? { initSha256: this.config.init.sha256 } : {}),
    };
    // Rows hold NaN where a metric is undefined: JSON keeps those by name.
    await this.gpt.save(join(dir, file), { trial: JSON.stringify({ ...state, rows: metricRowsToJson(state.rows) }) });
  }
}

/** What a run derives from its config before it starts. */
interface RunParts {
  suite: Suite;
  seeds: TrialSeeds;
  trainingBatch: TrainingBatch;
  layers: number[];
  evalSets: ReturnType<typeof evaluationSets>;
  snapshotSteps: Set<number>;
  schedule: Set<number>;
  keep: Set<number>;
  hash: string;
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

interface StartedState {
  gpt: Gpt;
  sampler: TrainSampler;
  rows: TrialMetricRow[];
  step: number;
  lossSum: number;
  lossCount: number;
  auxiliary: { sum: number; count: number };
  resumed: boolean;
}

async function startOrResume(config: TrialConfig, suite: Suite, seeds: TrialSeeds, hash: string, threads: number, checkpointDir?: string): Promise<StartedState> {
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
