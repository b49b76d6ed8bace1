// clusterlens probe <model> (--config <trial.yaml> | --suite <suite.yaml>): cluster an existing model's hidden
// states (or, with --hook, another activation) by task, with a trial config's probe settings (the defaults without one).
import { readFile, stat } from 'node:fs/promises';

import {
  describeHookLayers,
  evaluationSets,
  hookLayerCount,
  parseTrialYaml,
  probeModel,
  probeSettings,
  TRIAL_DEFAULTS,
  TrialSeeds,
  trialSuite,
  type ProbeHook,
  type ProbePosition,
  type TrialConfig,
} from '@clusterlens/experiment';
import { Gpt } from '@clusterlens/model';
import { isSplitName, PROBE_METRICS, SPLIT_NAMES, type MetricRow, type SplitName } from '@clusterlens/schema';
import { CompactTokenizer, loadSuite } from '@clusterlens/tasks';

import { writeMetricsCsv, writeMetricsParquet } from '../metrics-files.js';

/** Unset options take their value from --config's trial config, or from the trial defaults. */
export interface ProbeCommandOptions {
  config?: string;
  suite?: string;
  position?: ProbePosition;
  hook?: ProbeHook;
  /** Undefined: the config's probe.standardize. */
  standardize?: boolean;
  layers: string;
  splits?: string;
  instances?: number;
  seed?: number;
  threads: number;
  out?: string;
}

export async function probeCommand(modelPath: string, options: ProbeCommandOptions): Promise<number> {
  const config: TrialConfig = options.config ? parseTrialYaml(await readFile(options.config, 'utf8'), [], options.config) : TRIAL_DEFAULTS;
  if (!options.config && !options.suite) throw new Error('give the task suite: --suite <suite.yaml>, or --config <trial.yaml> to use its data');
  const splits = options.splits === undefined ? config.evaluation.splits : parseSplits(options.splits);
  // The seed tree of a trial with this seed: the same suite (when data.seed is absent), evaluation sets and k-means
  // seeds as that trial draws.
  const seeds = new TrialSeeds(options.seed ?? config.seed);
  const suite = options.suite ? loadSuite(options.suite) : trialSuite(config.data, seeds);
  const gpt = (await stat(modelPath)).isDirectory()
    ? await Gpt.fromHuggingFace(modelPath, { threads: options.threads })
    : await Gpt.load(modelPath, { threads: options.threads });
  const { vocabSize, nPositions, nLayer } = gpt.config;
  if (suite.tokenizer.vocabSize > vocabSize) {
    throw new Error(`--suite: the suite's vocabulary has ${suite.tokenizer.vocabSize} tokens but the model only ${vocabSize}`);
  }
  // A compact natural vocabulary renumbers GPT-2's ids: only a model trained on that very vocabulary reads them.
  if (suite.tokenizer instanceof CompactTokenizer && suite.tokenizer.vocabSize !== vocabSize) {
    throw new Error(
      `--config: the suite's compact vocabulary has ${suite.tokenizer.vocabSize} tokens but the model ${vocabSize}; ` +
        'for a model over GPT-2\'s own ids (a pre-trained GPT-2) set data.vocabulary: gpt2',
    );
  }
  if (suite.contextLength > nPositions) {
    throw new Error(`--suite: the suite's contextLength ${suite.contextLength} exceeds the model's nPositions ${nPositions}`);
  }
  const settings = probeSettings(config);
  const hook = options.hook ?? settings.hook;
  const layers = parseLayers(options.layers, hook, nLayer);
  const evalSets = evaluationSets(suite, splits, options.instances ?? config.evaluation.instancesPerSplit, seeds);
  const rows = await probeModel(gpt, evalSets, {
    ...settings,
    hook,
    position: options.position ?? config.probe.position,
    standardize: options.standardize ?? settings.standardize,
    step: gpt.stepCount,
    layers,
    seeds,
    threads: options.threads,
  });
  process.stdout.write(formatTable(rows, layers));
  if (options.out) {
    if (options.out.endsWith('.parquet')) await writeMetricsParquet(options.out, rows);
    else await writeMetricsCsv(options.out, rows);
    process.stdout.write(`Wrote ${options.out}\n`);
  }
  return 0;
}

function parseSplits(text: string): SplitName[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!isSplitName(name)) {
      throw new Error(`--splits: unknown split '${name}'; choose from ${SPLIT_NAMES.join(', ')}`);
    }
  }
  return names as SplitName[];
}

/** Residual layers for the 'resid' hook, block indices for the per-block hooks. */
function parseLayers(text: string, hook: ProbeHook, nLayer: number): number[] {
  const count = hookLayerCount(hook, nLayer);
  if (text === 'all') return Array.from({ length: count }, (_, l) => l);
  return text.split(',').map((part) => {
    const layer = Number(part);
    if (!Number.isInteger(layer) || layer < 0 || layer >= count) {
      const which = hook === 'resid' ? '' : ` for --hook ${hook} (a block index)`;
      throw new Error(`--layers: '${part}' is not a layer${which}; the model has ${describeHookLayers(hook, nLayer)}`);
    }
    return layer;
  });
}

/** One line per (split, layer) with every clustering metric, then each split's output accuracy. */
function formatTable(rows: MetricRow[], layers: number[]): string {
  const splits = [...new Set(rows.map((r) => r.split))];
  const value = (split: string, layer: number | null, metric: string) =>
    rows.find((r) => r.split === split && r.layer === layer && r.metric === metric)?.value;
  const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(3)).padStart(10);
  const lines = [['split'.padEnd(20), 'layer'.padStart(5), ...PROBE_METRICS.map((m) => m.padStart(10))].join(' ')];
  for (const split of splits) {
    for (const layer of layers) {
      lines.push([split.padEnd(20), String(layer).padStart(5), ...PROBE_METRICS.map((m) => cell(value(split, layer, m)))].join(' '));
    }
  }
  lines.push('');
  for (const split of splits) lines.push(`${split}: output accuracy ${cell(value(split, null, 'accuracy')).trim()}`);
  return lines.join('\n') + '\n';
}
