// Probing a model on evaluation sets: accuracy, loss and every clustering metric per (split, layer).
import type { Device, Gpt } from '@clusterlens/model';
import { probeLayers } from '@clusterlens/probe';
import { UNSEEN_SPLITS, type ProbeMetric, type SplitName, type TrialMetricRow } from '@clusterlens/schema';
import type { Instance } from '@clusterlens/tasks';

import type { TrialConfig } from './config.js';
import { clusterAccuracy, fitTaskClusters } from './cluster-accuracy.js';
import { evaluateSplit, type SplitEvaluation } from './evaluate.js';
import { DEFAULT_PROBE_HOOK, hookFeatureWidth, type ProbeHook } from './probe-hooks.js';
import { INSTRUCTION_ONLY_POSITIONS, type ProbePosition } from './representations.js';
import type { TrialSeeds } from './seeds.js';

export interface ProbeModelOptions {
  /** Training step the rows are recorded at; part of every k-means seed. */
  step: number;
  /** Residual layers for the 'resid' hook, block indices for the others (probe-hooks.ts). */
  layers: number[];
  hook: ProbeHook;
  position: ProbePosition;
  metrics: readonly ProbeMetric[];
  loss: 'output' | 'all';
  batchSize: number;
  kmeans: { nInit: number; maxIter: number; tol: number };
  silhouetteSample: number;
  /** Standardise each layer's dimensions before clustering (probe.standardize). */
  standardize: boolean;
  /** The trial's training.device (default 'cpu'): on 'cuda', k-means of probes of at least GPU_KMEANS_MIN_VALUES runs on the GPU. */
  device?: Device;
  /** The trial's seed tree: the probe and the cluster fits draw from its branches for `step`. */
  seeds: TrialSeeds;
  threads: number;
  /** Called with each split's raw evaluation (its representations), e.g. to save some of them. */
  onEvaluated?: (split: SplitName, result: SplitEvaluation) => Promise<void> | void;
}

/** The probe settings of a trial config: what a trial measures with, and `clusterlens probe` too. */
export function probeSettings(
  config: TrialConfig,
): Pick<ProbeModelOptions, 'hook' | 'position' | 'metrics' | 'loss' | 'batchSize' | 'kmeans' | 'silhouetteSample' | 'standardize' | 'device'> {
  return {
    hook: config.probe.hook ?? DEFAULT_PROBE_HOOK,
    position: config.probe.position,
    metrics: config.probe.metrics,
    loss: config.training.loss,
    batchSize: config.training.batchSize,
    kmeans: config.evaluation.kmeans,
    silhouetteSample: config.evaluation.silhouetteSample,
    standardize: config.probe.standardize ?? false,
    device: config.training.device ?? 'cpu',
  };
}

/**
 * The fewest values (points x features) a probe's k-means runs on the GPU for: 8,192 states of 128 features. Below,
 * k-means stays on the CPU's exact bits. A guess that the Lloyd iterations of smaller probes gain too little from a
 * GPU, not yet measured on one (tools/device/node-check.ts times one large probe both ways).
 */
export const GPU_KMEANS_MIN_VALUES = 1 << 20;

/** Where k-means of n points of dim features runs for a trial on `device`. */
export function kmeansDevice(device: Device | undefined, n: number, dim: number): Device {
  return device === 'cuda' && n * dim >= GPU_KMEANS_MIN_VALUES ? 'cuda' : 'cpu';
}

/**
 * For every split: its evaluation set's size, output accuracy and loss, and each clustering metric of each layer of
 * the probed hook
 * (not for `heldout-pairs` at an instruction-only position, where its states are training states); then, for the
 * unseen splits, accuracy split by whether an instance lands in the training cluster matched to its own task
 * (PROTOCOL section 4).
 */
export async function probeModel(gpt: Gpt, evalSets: Map<SplitName, Instance[]>, options: ProbeModelOptions): Promise<TrialMetricRow[]> {
  const { step, layers, threads } = options;
  const dim = hookFeatureWidth(options.hook, gpt.config);
  const rows: TrialMetricRow[] = [];
  const results = new Map<SplitName, SplitEvaluation>();
  for (const [split, instances] of evalSets) {
    const result = await evaluateSplit(gpt, instances, options);
    results.set(split, result);
    await options.onEvaluated?.(split, result);
    rows.push({ split, layer: null, step, metric: 'instances', value: instances.length });
    rows.push({ split, layer: null, step, metric: 'accuracy', value: mean(result.correct) });
    rows.push({ split, layer: null, step, metric: 'loss', value: result.loss });
    if (!probesClusters(split, options.position)) continue;
    const probed = await probeLayers(result.representations, result.tasks, {
      dim,
      ...options.kmeans,
      random: options.seeds.probe(step),
      threads,
      metrics: options.metrics,
      silhouetteSample: options.silhouetteSample,
      standardize: options.standardize,
      device: kmeansDevice(options.device, result.tasks.length, dim),
    });
    for (const r of probed) rows.push({ split, layer: r.layer, step, metric: r.metric, value: r.value });
  }
  const train = results.get('train');
  if (!train) return rows;
  const k = new Set(train.tasks).size;
  const unseen = UNSEEN_SPLITS.filter((split) => results.has(split));
  const device = kmeansDevice(options.device, train.tasks.length, dim);
  for (const layer of layers) {
    if (unseen.length === 0) break;
    // One fit per layer serves every unseen split.
    const fit = { k, dim, ...options.kmeans, seed: options.seeds.clusterFit(step, layer), threads, standardize: options.standardize, device };
    const clusters = await fitTaskClusters(train, layer, fit);
    for (const split of unseen) {
      const c = clusterAccuracy(clusters, results.get(split)!, layer);
      rows.push({ split, layer, step, metric: 'accuracy-in-cluster', value: c.inCluster });
      rows.push({ split, layer, step, metric: 'accuracy-out-of-cluster', value: c.outOfCluster });
      rows.push({ split, layer, step, metric: 'in-cluster-fraction', value: c.inClusterFraction });
      rows.push({ split, layer, step, metric: 'in-cluster-count', value: c.inClusterCount });
      rows.push({ split, layer, step, metric: 'out-of-cluster-count', value: c.outOfClusterCount });
      rows.push({ split, layer, step, metric: 'within-task-accuracy-gap', value: c.withinTaskGap });
    }
  }
  return rows;
}

/** Whether a split's states are clustered at a probe position: all but held-out pairs at instruction-only positions. */
export function probesClusters(split: SplitName, position: ProbePosition): boolean {
  return split !== 'heldout-pairs' || !INSTRUCTION_ONLY_POSITIONS.includes(position);
}

function mean(values: Uint8Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : NaN;
}
