// A trial with an alignment stage (docs/PROTOCOL.md section 6): pre-training (shared, cached), the outcomes before
// alignment, the alignment steps on a fixed budget of chosen examples (SFT or DPO), then the outcomes after.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Gpt } from '@clusterlens/model';
import { appendMetricsLog, metricRowsFromJson, metricRowsToJson, writeMetricsLog, type JsonMetricRow, type TrialMetricRow } from '@clusterlens/schema';
import { batchTensors, type Instance, type Suite } from '@clusterlens/tasks';

import { ConfigError, type TrialConfig } from '../config.js';
import { evaluateSplit } from '../evaluate.js';
import { probeLayerList } from '../probe-hooks.js';
import { probeModel, probeSettings } from '../probe-model.js';
import { evaluationSets, TrialSeeds, trialSuite } from '../seeds.js';
import { TrialAbortedError, trialHash, type TrialContext, type TrialResult } from '../trial-context.js';
import { exampleSampler, type ExampleSamplerState } from './batches.js';
import { resolveAlignment } from './check.js';
import type { AlignmentConfig } from './config.js';
import { dpoStep } from './dpo.js';
import { alignmentOutcomes } from './outcomes.js';
import { pretrainedModel, type Pretrained } from './pretrained.js';
import { clusterSelection, randomSelection } from './selection.js';
import { alignmentTarget, preferenceBatch } from './targets.js';

const CHECKPOINT = 'trial.safetensors';
/** Where the pre-trained model came from, beside the trial's checkpoints: { source, file, hash, step }. */
export const PRETRAINING_RECORD = 'pretraining.json';

/** What an alignment checkpoint saves beside the policy and its optimiser state. */
interface AlignmentState {
  hash: string;
  /** Alignment steps done. */
  step: number;
  sampler: ExampleSamplerState;
  rows: (Omit<TrialMetricRow, 'value'> & Pick<JsonMetricRow, 'value'>)[];
  lossSum: number;
}

export async function runAlignmentTrial(config: TrialConfig, ctx: TrialContext): Promise<TrialResult> {
  const alignment = config.alignment!;
  const threads = ctx.threads ?? 1;
  const seeds = new TrialSeeds(config.seed);
  const suite = trialSuite(config.data, seeds);
  // Every check that needs only the suite runs before the pre-training it would otherwise wait for.
  const { disallowed, pool } = resolveAlignment(config, suite, seeds);
  const hash = trialHash(config);
  const file = ctx.checkpointDir ? join(ctx.checkpointDir, CHECKPOINT) : undefined;
  const saved = file && existsSync(file) ? await readAlignmentCheckpoint(file, hash, threads) : undefined;

  const pretrained = await pretrainedModel(config, ctx);
  if (ctx.checkpointDir) await recordPretraining(ctx.checkpointDir, pretrained);
  const first = pretrained.step;
  const last = first + alignment.steps;
  const evalSets = evaluationSets(suite, config.evaluation.splits, config.evaluation.instancesPerSplit, seeds);
  const outcomes = (gpt: Gpt, step: number) => alignmentOutcomes(gpt, suite, evalSets, disallowed, { step, batchSize: config.training.batchSize });

  const before = saved ? [] : await outcomes(pretrained.model, first);
  const rows: TrialMetricRow[] = saved ? metricRowsFromJson<TrialMetricRow>(saved.state.rows) : [...pretrained.rows, ...before];
  if (before.length > 0) ctx.onRows?.(before);
  const policy = saved?.model ?? (await alignmentPolicy(pretrained.model, config, threads));
  const log = ctx.metricsLog;
  if (log) await writeMetricsLog(log.file, rows, log.trial);

  const chosen = await chooseExamples(pretrained.model, suite, pool, config, seeds, threads);
  const examples = chosen.map((i) => pool[i]);
  const sampler = exampleSampler(examples.length, seeds.alignmentBatches, saved?.state.sampler);
  let step = saved?.state.step ?? 0;
  let lossSum = saved?.state.lossSum ?? 0;
  const save = () => saveAlignmentCheckpoint(file, policy, { hash, step, sampler: sampler.state(), rows: metricRowsToJson(rows), lossSum });

  while (step < alignment.steps) {
    if (ctx.signal?.aborted) {
      await save();
      throw new TrialAbortedError(first + step);
    }
    const batch = sampler.next(alignment.batchSize).map((i) => examples[i]);
    const loss = await alignmentStep(policy, pretrained.model, suite, batch, disallowed, alignment);
    step++;
    lossSum += loss;
    ctx.onProgress?.({ phase: 'train', step: first + step, steps: last, loss });
    if (step === alignment.steps) {
      ctx.onProgress?.({ phase: 'evaluate', step: last, steps: last });
      const after = await probeModel(policy, evalSets, { ...probeSettings(config), step: last, layers: probeLayerList(config.probe, config.model.nLayer), seeds, threads });
      after.push({ split: 'train', layer: null, step: last, metric: 'train-loss', value: lossSum / alignment.steps });
      after.push(...(await outcomes(policy, last)));
      rows.push(...after);
      if (log) await appendMetricsLog(log.file, after, log.trial);
      ctx.onRows?.(after);
    }
    if (step % config.checkpoint.every === 0 || step === alignment.steps) await save();
  }
  pretrained.model.dispose();
  return { config, rows, resumedFrom: saved ? first + saved.state.step : null, model: policy };
}

/** The pre-trained weights with a fresh AdamW state: the trial's optimiser at alignment.lr, cosine over alignment.steps. */
async function alignmentPolicy(pretrained: Gpt, config: TrialConfig, threads: number): Promise<Gpt> {
  const { lr, steps } = config.alignment!;
  const policy = await Gpt.create(pretrained.config, { threads, optimizer: { ...config.optimizer, lr, warmupSteps: 0, totalSteps: steps } });
  policy.setParams(pretrained.params());
  return policy;
}

/** Pool indices of the alignment examples: `alignment.selection` applied to the pre-trained model's view of the pool. */
async function chooseExamples(pretrained: Gpt, suite: Suite, pool: Instance[], config: TrialConfig, seeds: TrialSeeds, threads: number): Promise<number[]> {
  const { budget, selection } = config.alignment!;
  const random = seeds.alignmentSelection;
  if (selection === 'random') return randomSelection(pool.length, budget, random);
  // The probe position's states at the top residual layer (the output of the last block, before the final LayerNorm).
  const top = pretrained.config.nLayer;
  const { representations } = await evaluateSplit(pretrained, pool, {
    layers: [top],
    hook: 'resid',
    position: config.probe.position,
    loss: config.training.loss,
    batchSize: config.training.batchSize,
  });
  return clusterSelection({
    states: representations.get(top)!,
    n: pool.length,
    dim: pretrained.config.nEmbd,
    k: suite.tasks.length,
    budget,
    kmeans: config.evaluation.kmeans,
    standardize: config.probe.standardize ?? false,
    random,
    threads,
  });
}

/** One optimiser step of the policy on a batch of examples; returns the step's loss. */
async function alignmentStep(policy: Gpt, reference: Gpt, suite: Suite, batch: Instance[], disallowed: ReadonlySet<number>, alignment: AlignmentConfig): Promise<number> {
  if (alignment.method === 'dpo') return (await dpoStep(policy, reference, preferenceBatch(suite, batch, disallowed), alignment.beta)).loss;
  const { tokens, labels } = batchTensors(batch.map((x) => alignmentTarget(suite, x, disallowed)), 'output');
  return policy.step(tokens, labels, { batch: batch.length });
}

async function readAlignmentCheckpoint(file: string, hash: string, threads: number): Promise<{ model: Gpt; state: AlignmentState }> {
  const model = await Gpt.load(file, { threads });
  const state = JSON.parse(model.checkpointExtra.alignment ?? '{}') as Partial<AlignmentState>;
  if (state.hash !== hash) {
    model.dispose();
    throw new ConfigError(`${file}: the checkpoint belongs to another config (hash ${state.hash ?? 'missing'}, expected ${hash}); use another output folder`);
  }
  return { model, state: state as AlignmentState };
}

async function saveAlignmentCheckpoint(file: string | undefined, policy: Gpt, state: AlignmentState): Promise<void> {
  if (!file) return;
  await mkdir(join(file, '..'), { recursive: true });
  await policy.save(file, { alignment: JSON.stringify(state) });
}

/** Written once: a resumed trial finds its own pre-training in the cache, but it was trained here. */
async function recordPretraining(dir: string, pretrained: Pretrained): Promise<void> {
  if (existsSync(join(dir, PRETRAINING_RECORD))) return;
  await mkdir(dir, { recursive: true });
  const record = { source: pretrained.source, file: pretrained.file ?? null, step: pretrained.step };
  await writeFile(join(dir, PRETRAINING_RECORD), `${JSON.stringify(record, null, 2)}\n`);
}
