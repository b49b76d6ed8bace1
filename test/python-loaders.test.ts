// The Python recipes of docs/python.md (tools/python/), run in a virtual environment against a real sweep's output:
// the flattened Parquet export read by pandas, polars and DuckDB, and a model written by `clusterlens export-hf`
// loaded with transformers (tokenizer included) and converted to TransformerLens's weight layout. Python and pip are
// required: without them the suite fails with what to install.
import { readFile } from 'node:fs/promises';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

import { parseTrialConfig, TrialSeeds, trialSuite, type TrialConfig } from '@clusterlens/experiment';
import { Gpt } from '@clusterlens/model';
import type { StoredMetricRow } from '@clusterlens/schema';
import type { TrialRecord } from '@clusterlens/sweep';

import { lastLine, runProcess, venvPython } from '../tools/bench/torch-venv.js';
import { runCli } from './support/cli.js';
import { readStore } from './support/store.js';

const PACKAGES = ['pandas', 'pyarrow', 'polars', 'duckdb', 'transformers', 'torch', 'tokenizers', 'safetensors'];
const SCRIPTS = fileURLToPath(new URL('../tools/python/', import.meta.url));

// 1 block, C=16, 40 steps, 2 seeds; step 20 kept as a snapshot.
const SPEC = `name: python
base:
  model: { nLayer: 1, nHead: 2, nEmbd: 16 }
  training: { steps: 40, batchSize: 8 }
  evaluation: { every: 20, early: 0, instancesPerSplit: 16, splits: [train, validation], kmeans: { nInit: 1 } }
  probe: { saveRepresentations: false }
  checkpoint: { every: 20, keep: [20] }
seeds: [0, 1]
`;

let python: string;
let sweep: string;
let exported: string;
let store: { trials: TrialRecord[]; metrics: StoredMetricRow[] };

beforeAll(async () => {
  const found = await venvPython({ name: 'results-venv', packages: PACKAGES, modules: PACKAGES, pythonVariable: 'CLUSTERLENS_RESULTS_PYTHON' });
  if (!('python' in found)) throw new Error(`no Python with ${PACKAGES.join(', ')}: ${found.missing}`);
  python = found.python;

  const work = await mkdtemp(join(tmpdir(), 'clusterlens-python-'));
  await writeFile(join(work, 'spec.yaml'), SPEC);
  sweep = join(work, 'sweep');
  const run = runCli(['sweep', 'run', join(work, 'spec.yaml'), '--out', sweep, '--concurrency', '1', '--threads', '1']);
  if (run.status !== 0) throw new Error(`sweep run failed:\n${run.stdout}\n${run.stderr}`);
  exported = join(work, 'export');
  const exportRun = runCli(['sweep', 'export', sweep, '--format', 'parquet', '--flatten', '--to', exported]);
  if (exportRun.status !== 0) throw new Error(`sweep export failed:\n${exportRun.stderr}`);
  store = await readStore(sweep);
}, 1_800_000);

// Each script runs once per arguments (importing torch and transformers takes seconds); tests share its output.
const outputs = new Map<string, Promise<unknown>>();

/** Runs a tools/python script; its last stdout line is a JSON object. */
function script<T>(name: string, ...args: string[]): Promise<T> {
  const key = [name, ...args].join('\u0000');
  if (!outputs.has(key)) {
    outputs.set(key, runProcess(python, [join(SCRIPTS, name), ...args], 300_000).then((result) => {
      if (result.exitCode !== 0) throw new Error(`${name} failed (${result.exitCode}):\n${result.stderr}`);
      return JSON.parse(lastLine(result.stdout)) as unknown;
    }));
  }
  return outputs.get(key) as Promise<T>;
}

interface ResultsSummary {
  trials: number;
  metrics: number;
  joined: number;
  config_columns: string[];
  last_train_accuracy: Record<string, { step: number; value: number }>;
}

/** Each trial's training accuracy at its last evaluation, from the store. */
function lastTrainAccuracy(): Record<string, { step: number; value: number }> {
  const last: Record<string, { step: number; value: number }> = {};
  for (const row of store.metrics) {
    if (row.split !== 'train' || row.metric !== 'accuracy' || row.layer !== null) continue;
    if (!last[row.trial] || row.step > last[row.trial].step) last[row.trial] = { step: row.step, value: row.value };
  }
  return last;
}

describe.each(['results_pandas.py', 'results_polars.py', 'results_duckdb.py'])('%s on the flattened export', (name) => {
  it("reads as many trials and metric rows as the store holds, and joins every metric row to its trial's config", async () => {
    const summary = await script<ResultsSummary>(name, exported);
    expect(summary.trials).toBe(store.trials.length);
    expect(summary.metrics).toBe(store.metrics.length);
    expect(summary.joined).toBe(store.metrics.length);
  });

  it('has the config fields as columns and finds each trial\'s last training accuracy', async () => {
    const summary = await script<ResultsSummary>(name, exported);
    expect(summary.config_columns).toEqual(expect.arrayContaining(['config.seed', 'config.model.nLayer', 'config.training.steps', 'config.checkpoint.keep']));
    expect(summary.last_train_accuracy).toEqual(lastTrainAccuracy());
  });
});

describe('live_metrics.py on the trials\' metrics.jsonl files', () => {
  it('reads with pandas and polars as many rows as the store holds, and each trial\'s last training accuracy', async () => {
    const summary = await script<{ rows: number; rows_polars: number; last_train_accuracy: ResultsSummary['last_train_accuracy'] }>('live_metrics.py', sweep);
    expect(summary.rows).toBe(store.metrics.length);
    expect(summary.rows_polars).toBe(store.metrics.length);
    expect(summary.last_train_accuracy).toEqual(lastTrainAccuracy());
  });
});

interface LoadedModel {
  text: string;
  reencoded: number[];
  special: { bos: number; eos: number; pad: number };
  config: { bos: number; eos: number; pad: number };
  logits: number[][];
  warnings: string[];
}

describe('a model written by clusterlens export-hf', () => {
  let trial: TrialRecord;
  let config: TrialConfig;
  let ids: number[];
  let hf: string;

  /** clusterlens's own logits of `ids` from a checkpoint, as [position][vocabulary]. */
  async function clusterlensLogits(checkpoint: string): Promise<number[][]> {
    const gpt = await Gpt.load(checkpoint);
    try {
      const { logits } = await gpt.forward(Int32Array.from(ids), { batch: 1 });
      const vocab = gpt.config.vocabSize;
      return ids.map((_, t) => Array.from(logits.subarray(t * vocab, (t + 1) * vocab)));
    } finally {
      gpt.dispose();
    }
  }

  function expectClose(actual: number[][], expected: number[][]): void {
    expect(actual.length).toBe(expected.length);
    const worst = Math.max(...actual.flatMap((row, t) => row.map((v, i) => Math.abs(v - expected[t][i]))));
    expect(worst).toBeLessThan(1e-5);
  }

  beforeAll(async () => {
    trial = store.trials[0];
    config = parseTrialConfig(trial.config);
    const instance = trialSuite(config.data, new TrialSeeds(config.seed)).split('train')[0];
    ids = Array.from(instance.tokens.subarray(0, instance.positions.eos + 1));
    hf = join(await mkdtemp(join(tmpdir(), 'clusterlens-hf-')), 'model');
    const result = runCli(['export-hf', join(sweep, 'checkpoints', trial.id), '--out', hf]);
    if (result.status !== 0) throw new Error(`export-hf failed:\n${result.stderr}`);
  });

  it("names the suite's own BOS/EOS/PAD ids, which transformers loads without a warning about them", async () => {
    const loaded = await script<LoadedModel>('load_model.py', hf, ids.join(','));
    const suite = { bos: 1, eos: 2, pad: 0 }; // SPECIAL_TOKENS order: PAD BOS EOS
    expect(loaded.config).toEqual(suite);
    expect(loaded.special).toEqual(suite);
    expect(loaded.warnings.filter((w) => /token_id|bos|eos|pad/i.test(w))).toEqual([]);
  });

  it("round-trips a synthetic instance's token ids through AutoTokenizer", async () => {
    const loaded = await script<LoadedModel>('load_model.py', hf, ids.join(','));
    expect(loaded.text.split(' ')[0]).toBe('BOS');
    expect(loaded.reencoded).toEqual(ids);
  });

  it("gives transformers' logits equal to clusterlens's for the trial's last checkpoint", async () => {
    const loaded = await script<LoadedModel>('load_model.py', hf, ids.join(','));
    expectClose(loaded.logits, await clusterlensLogits(join(sweep, 'checkpoints', trial.id, 'trial.safetensors')));
  });

  it("converts to TransformerLens's layout, whose forward pass gives clusterlens's logits", async () => {
    const converted = await script<{ shapes: Record<string, number[]>; logits: number[][] }>('tl_weights.py', hf, ids.join(','));
    const { nHead, nEmbd } = config.model;
    expect(converted.shapes['blocks.0.attn.W_Q']).toEqual([nHead, nEmbd, nEmbd / nHead]);
    expect(converted.shapes['blocks.0.attn.W_O']).toEqual([nHead, nEmbd / nHead, nEmbd]);
    expectClose(converted.logits, await clusterlensLogits(join(sweep, 'checkpoints', trial.id, 'trial.safetensors')));
  });

  it('exports the snapshot kept at a step (--step), not the latest checkpoint', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'clusterlens-hf-step-')), 'model');
    const result = runCli(['export-hf', join(sweep, 'checkpoints', trial.id), '--step', '20', '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const loaded = await script<LoadedModel>('load_model.py', out, ids.join(','));
    const kept = await clusterlensLogits(join(sweep, 'checkpoints', trial.id, 'step-20.safetensors'));
    expectClose(loaded.logits, kept);
    const latest = await clusterlensLogits(join(sweep, 'checkpoints', trial.id, 'trial.safetensors'));
    expect(kept).not.toEqual(latest);
  });

  it('writes the tokenizer files transformers expects next to the weights', async () => {
    const tokenizer = JSON.parse(await readFile(join(hf, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } };
    expect(Object.keys(tokenizer.model.vocab)).toHaveLength(JSON.parse(await readFile(join(hf, 'config.json'), 'utf8')).vocab_size);
    const generation = JSON.parse(await readFile(join(hf, 'generation_config.json'), 'utf8'));
    expect(generation).toEqual({ bos_token_id: 1, eos_token_id: 2, pad_token_id: 0 });
  });
});
