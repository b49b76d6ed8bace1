// What every kind of trial shares: its context (threads, checkpoints, progress), its result, its identity (trialHash)
// and how a stopped trial reports where it stopped. Kept apart from the training loop and the alignment stage, which
// both use it.
import { createHash } from 'node:crypto';

import type { Gpt } from '@clusterlens/model';
import { canonicalJson, type TrialMetricRow } from '@clusterlens/schema';

import type { TrialConfig } from './config.js';

export interface TrialProgress {
  phase: 'train' | 'evaluate';
  step: number;
  steps: number;
  /** Loss of the latest training step. */
  loss?: number;
  /** Training-split ARI of the deepest probed layer at the latest evaluation. */
  ari?: number;
}

export interface TrialContext {
  /** Threads every kernel of the trial may use (default 1). A runtime choice, not config: results do not depend on it. */
  threads?: number;
  /** Where checkpoints go; a checkpoint of the same config found there is resumed from. */
  checkpointDir?: string;
  /**
   * Trials with an alignment stage: a folder shared by trials that may share a pre-training (a sweep's), where a
   * finished pre-training is kept as `<trialHash of the config without alignment>.safetensors` and reused.
   */
  pretrainedDir?: string;
  onProgress?: (progress: TrialProgress) => void;
  /** Called with each evaluation's rows as soon as they exist. */
  onRows?: (rows: TrialMetricRow[]) => void;
  /**
   * A live metrics file (`metrics.jsonl`, see @clusterlens/schema's metrics log): each evaluation's rows are appended
   * as soon as they exist; a resumed trial first rewrites it with the rows up to its checkpoint, so the file never
   * holds a row twice. `trial` is written into every line (a sweep's trial id).
   */
  metricsLog?: { file: string; trial?: string };
  /** Stops the trial after the current step; a checkpoint is written first when checkpointDir is set. */
  signal?: AbortSignal;
}

export interface TrialResult {
  config: TrialConfig;
  rows: TrialMetricRow[];
  /** Step the trial resumed from, or null for a fresh start. */
  resumedFrom: number | null;
  /** The trained model (dispose it when done). */
  model: Gpt;
}

/**
 * Stable hash of the config, which with the code determines a trial's results; it ties a checkpoint to its config.
 * Canonical JSON: a config parsed again (its `data` defaults come back in another key order) keeps its hash.
 */
export function trialHash(config: TrialConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}

export class TrialAbortedError extends Error {
  override name = 'TrialAbortedError';
  constructor(readonly step: number) {
    super(`trial stopped after step ${step}`);
  }
}
