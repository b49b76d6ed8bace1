// Where an alignment trial's pre-trained model comes from: a checkpoint named by `alignment.from`, the pre-training
// cache its sweep shares, or a pre-training run here (then added to the cache). Pre-training is the trial's config
// without `alignment`, so every method x selection x budget variant of one seed shares it.
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';

import { Gpt } from '@clusterlens/model';
import { metricRowsFromJson, metricRowsToJson, type JsonMetricRow, type TrialMetricRow } from '@clusterlens/schema';

import { ConfigError, type TrialConfig } from '../config.js';
import { trainTrial } from '../train-trial.js';
import { trialHash, type TrialContext } from '../trial-context.js';

export interface Pretrained {
  model: Gpt;
  /** The pre-training's rows, up to and including `step`. */
  rows: TrialMetricRow[];
  /** The optimiser step the model stands at (the pre-training's last step unless `alignment.from` names an earlier one). */
  step: number;
  /** 'trained' here, or read from the sweep's 'cache' or from 'from'. */
  source: 'trained' | 'cache' | 'from';
  /** The checkpoint file it was read from or published to (none for a pre-training in memory). */
  file?: string;
}

/** What a trial checkpoint (trial.ts) or a cached pre-training holds beside the model, as far as alignment reads it. */
interface SavedTrial {
  hash?: string;
  config?: TrialConfig;
  step?: number;
  rows?: (Omit<TrialMetricRow, 'value'> & Pick<JsonMetricRow, 'value'>)[];
}

/** The trial's pre-training: its config without `alignment`. */
export function pretrainingConfig(config: TrialConfig): TrialConfig {
  const { alignment: _alignment, ...pretraining } = config;
  return pretraining;
}

export async function pretrainedModel(config: TrialConfig, ctx: TrialContext): Promise<Pretrained> {
  const pretraining = pretrainingConfig(config);
  // The shared cache's key: trialHash is canonical, so a config read again keeps it.
  const hash = trialHash(pretraining);
  const threads = ctx.threads ?? 1;
  const from = config.alignment?.from;
  if (from !== undefined) return { ...(await readPretrained(checkpointFile(from), pretraining, hash, threads, 'alignment.from')), source: 'from' };

  const cached = ctx.pretrainedDir ? join(ctx.pretrainedDir, `${hash}.safetensors`) : undefined;
  if (cached && existsSync(cached)) return { ...(await readPretrained(cached, pretraining, hash, threads, 'the pre-training cache')), source: 'cache' };

  const trained = await trainTrial(pretraining, {
    threads,
    checkpointDir: ctx.checkpointDir ? join(ctx.checkpointDir, 'pretraining') : undefined,
    signal: ctx.signal,
    metricsLog: ctx.metricsLog,
    // Progress counts the alignment steps too: the trial ends after them.
    onProgress: (p) => ctx.onProgress?.({ ...p, steps: p.steps + (config.alignment?.steps ?? 0) }),
    onRows: ctx.onRows,
  });
  const step = pretraining.training.steps;
  if (!cached) return { model: trained.model, rows: trained.rows, step, source: 'trained' };
  await publish(trained.model, cached, { hash, config: pretraining, step, rows: metricRowsToJson(trained.rows) });
  return { model: trained.model, rows: trained.rows, step, source: 'trained', file: cached };
}

/**
 * Writes the pre-trained model into the cache under a temporary name, then renames it into place: a reader never sees
 * half a file, and two trials that pre-trained the same config at once (same seed, same code) rename the same bytes.
 */
/** Publications started by this thread: two trials of one thread may publish at once (concurrent promises). */
let publications = 0;

async function publish(model: Gpt, file: string, saved: SavedTrial): Promise<void> {
  const dir = resolve(file, '..');
  await mkdir(dir, { recursive: true });
  // Unique per writer: across the machines of a shared file system (Slurm array tasks, queue workers), their
  // processes and threads, and the trials one thread runs at once.
  const temporary = `${file}.${hostname()}-${process.pid}-${threadId}-${++publications}.tmp`;
  try {
    await model.save(temporary, { trial: JSON.stringify(saved) });
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** `alignment.from` as a checkpoint file: a .safetensors file, or a trial folder or `clusterlens train` output folder. */
function checkpointFile(from: string): string {
  const path = resolve(from);
  if (!existsSync(path)) throw new ConfigError(`alignment.from: ${path} does not exist; name a trial.safetensors or step-N.safetensors, or a folder with one`);
  if (!statSync(path).isDirectory()) return path;
  for (const candidate of [join(path, 'trial.safetensors'), join(path, 'checkpoints', 'trial.safetensors')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new ConfigError(`alignment.from: ${path} holds neither trial.safetensors nor checkpoints/trial.safetensors; name the checkpoint file`);
}

/** A checkpoint of this pre-training; one of another config is refused with the settings that differ. */
async function readPretrained(file: string, pretraining: TrialConfig, hash: string, threads: number, what: string): Promise<Omit<Pretrained, 'source'>> {
  const model = await Gpt.load(file, { threads });
  const saved = JSON.parse(model.checkpointExtra.trial ?? '{}') as SavedTrial;
  // A trial checkpoint carries its config (trial.ts) and its trialHash; one from before configs were saved, the hash only.
  const differences = saved.config ? configDifferences(saved.config, pretraining) : [];
  const same = saved.config ? differences.length === 0 : saved.hash === hash;
  if (!same || saved.step === undefined || saved.rows === undefined) {
    model.dispose();
    const why = differences.length
      ? `its config differs from this trial's without alignment: ${differences.join('; ')}`
      : `it belongs to another config (hash ${saved.hash ?? 'missing'}, expected ${hash})`;
    throw new ConfigError(`${what}: ${file}: ${why}; align a checkpoint of this trial's pre-training, or change the trial config to match`);
  }
  const rows = metricRowsFromJson<TrialMetricRow>(saved.rows).filter((row) => row.step <= saved.step!);
  return { model, rows, step: saved.step, file };
}

/** `path: checkpoint value, this trial value` for every leaf setting that differs. */
export function configDifferences(saved: unknown, wanted: unknown, path = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(saved) && isObject(wanted)) {
    const keys = [...new Set([...Object.keys(saved), ...Object.keys(wanted)])].sort();
    return keys.flatMap((key) => configDifferences(saved[key], wanted[key], path ? `${path}.${key}` : key));
  }
  if (JSON.stringify(saved) === JSON.stringify(wanted)) return [];
  const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
  return [`${path}: checkpoint ${show(saved)}, this trial ${show(wanted)}`];
}
