// The trial config: one training run with its evaluation schedule and probes. Defaults are the protocol's.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { formatPath, PROBE_METRICS, SPLIT_NAMES, UserError, type ProbeMetric, type SplitName } from '@clusterlens/schema';
import { DEVICES, PRECISIONS } from '@clusterlens/model';
import { KMEANS_DEFAULTS, SILHOUETTE_SAMPLE_SIZE } from '@clusterlens/probe';
import { suiteConfigSchema } from '@clusterlens/tasks';

import { alignmentConfigSchema } from './alignment/config.js';
import { auxiliaryLossSchema, checkAuxiliaryLoss } from './auxiliary-loss/config.js';
import { initSchema, pretrainedIssues, resolveInitFrom, type InitIssue } from './init-from.js';
import { describeHookLayers, hookLayerCount, PROBE_HOOKS } from './probe-hooks.js';
import { PROBE_POSITIONS } from './representations.js';
import { taskTokensConfigIssue, taskTokensSchema } from './task-tokens-config.js';

const splitEnum = z.enum(SPLIT_NAMES as unknown as [SplitName, ...SplitName[]]);
const metricEnum = z.enum(PROBE_METRICS as unknown as [ProbeMetric, ...ProbeMetric[]]);

const int = (min: number) => z.number().int().min(min);
const positive = z.number().positive();

export const trialConfigSchema = z
  .strictObject({
    /** The root of the trial's seed tree (seeds.ts): initialisation, batches, evaluation sets and k-means descend from it. */
    seed: int(0).default(0),
    /**
     * The task suite. `data.seed` fixes it for every trial seed; absent (the default), each trial seed draws its own
     * suite from its `suite` branch (seeds.ts), and the resolved config keeps it absent. `parseTrialConfig` reads a
     * `data` section without `kind` as a synthetic suite, so `--set data.numTasks=4` works without a `data` section.
     */
    data: suiteConfigSchema.prefault({ kind: 'synthetic' }),
    /**
     * Start from a Hugging Face GPT-2 directory instead of a fresh initialisation (init-from.ts): `model` becomes the
     * directory's shape and `init.sha256` its weights' hash. No default is written, so configs without it keep their ids.
     */
    init: initSchema,
    model: z
      .strictObject({
        nLayer: int(1).default(5),
        nHead: int(1).default(4),
        nEmbd: int(1).default(128),
        layerNormEps: positive.default(1e-5),
      })
      .prefault({}),
    optimizer: z
      .strictObject({
        lr: positive.default(1e-3),
        beta1: z.number().min(0).lt(1).default(0.9),
        beta2: z.number().min(0).lt(1).default(0.999),
        eps: positive.default(1e-8),
        weightDecay: z.number().min(0).default(0.01),
        warmupSteps: int(0).default(100),
        /** Cosine decay ends at minLrRatio * lr at the last training step. */
        minLrRatio: z.number().min(0).max(1).default(0),
        /** Maximum global gradient norm; 0 disables clipping. */
        gradClip: z.number().min(0).default(1),
      })
      .prefault({}),
    training: z
      .strictObject({
        /** 0 (with init.from only): evaluate and probe the pre-trained model at step 0 and train nothing. */
        steps: int(0).default(3000),
        batchSize: int(1).default(64),
        /** 'output': loss on the answer only (instruction tuning); 'all': causal LM loss on every token. */
        loss: z.enum(['output', 'all']).default('output'),
        /**
         * Task-identity tokens (task-tokens.ts): `{ fraction, probability = 1 }`. No default is written, so configs
         * without it resolve, and hash to trial ids, as before the key existed.
         */
        taskTokens: taskTokensSchema.optional(),
        /**
         * An auxiliary clustering loss on one layer's probe-position states (auxiliary-loss/config.ts). No default is
         * written, so configs without it resolve, and hash to trial ids, as before the key existed.
         */
        auxiliaryLoss: auxiliaryLossSchema.optional(),
        /**
         * Where training steps run: 'cuda' trains on the engine's CUDA kernels (a build with nvcc, a process with a
         * GPU; @clusterlens/model's Gpt.device), whose results match the CPU's to about 1e-4 per step, not bit for
         * bit, so the device belongs to the trial's identity. 'cpu' (the default) resolves to absent, so configs
         * without the key keep their trial ids.
         */
        device: z
          .enum(DEVICES)
          .optional()
          .transform((device) => (device === 'cuda' ? device : undefined)),
        /**
         * How matrix products compute on 'cuda': 'tf32' on the GPU's tensor cores (a relative error near 1e-3 per
         * product; compute capability 8.0 or newer), or 'fp32', the default, which resolves to absent.
         */
        precision: z
          .enum(PRECISIONS)
          .optional()
          .transform((precision) => (precision === 'tf32' ? precision : undefined)),
      })
      .prefault({}),
    evaluation: z
      .strictObject({
        every: int(1).default(100),
        /** Log-spaced evaluations before the first `every` step. */
        early: int(0).default(8),
        instancesPerSplit: int(1).default(512),
        splits: z.array(splitEnum).min(1).default([...SPLIT_NAMES]),
        kmeans: z
          .strictObject({
            nInit: int(1).default(KMEANS_DEFAULTS.nInit),
            maxIter: int(1).default(KMEANS_DEFAULTS.maxIter),
            tol: z.number().min(0).default(KMEANS_DEFAULTS.tol),
          })
          .prefault({}),
        silhouetteSample: int(2).default(SILHOUETTE_SAMPLE_SIZE),
      })
      .prefault({}),
    probe: z
      .strictObject({
        position: z.enum(PROBE_POSITIONS).default('sep'),
        /**
         * The activation probed (probe-hooks.ts): 'resid' (the residual stream, what a config without the key probes),
         * or per block 'resid_mid', 'attn_out', 'mlp_out', 'pattern'. No default is written, so configs without it
         * resolve, and hash to trial ids, as before the key existed.
         */
        hook: z.enum(PROBE_HOOKS).optional(),
        /** For 'resid', residual layers: 0 = embeddings, l = output of block l-1, 'all' = 0..nLayer; for the
         * per-block hooks, blocks: 'all' = 0..nLayer-1. */
        layers: z.union([z.literal('all'), z.array(int(0)).min(1)]).default('all'),
        metrics: z.array(metricEnum).min(1).default([...PROBE_METRICS]),
        /**
         * Standardise each probed layer's dimensions (mean 0, standard deviation 1 over the evaluation set's states)
         * before k-means, the silhouette and the unseen splits' cluster fit (with the training split's scaling).
         * Left out it is false, and nothing is written into the resolved config, so trial ids of configs without it
         * are unchanged.
         */
        standardize: z.boolean().optional(),
        /** Save the training split's representations at the deepest probed layer (into <checkpoint
         * folder>/representations/, for the report's 2-D pictures) at `representationSteps`. */
        saveRepresentations: z.boolean().default(true),
        /** 'first-last' (step 0 and the last step) or a list of steps; listed steps are added to the evaluation schedule. */
        representationSteps: z.union([z.literal('first-last'), z.array(int(0)).min(1)]).default('first-last'),
      })
      .prefault({}),
    checkpoint: z
      .strictObject({
        every: int(1).default(500),
        /**
         * Steps whose model is kept as `<checkpoint folder>/step-<n>.safetensors` (a clusterlens checkpoint) next to the
         * latest one; 'evaluations' keeps every evaluation step. No default: absent, the resolved config (and with it
         * every existing trial id) stays as it was.
         */
        keep: z.array(z.union([int(0), z.literal('evaluations')])).min(1).optional(),
      })
      .prefault({}),
    /**
     * The alignment stage after pre-training (alignment/config.ts, docs/PROTOCOL.md section 6). No default: a config
     * without it has no alignment stage and keeps its trial id.
     */
    alignment: alignmentConfigSchema.optional(),
  })
  .superRefine((config, issue) => {
    const { nHead, nEmbd, nLayer } = config.model;
    if (config.training.steps === 0 && !config.init) {
      issue.addIssue({ code: 'custom', path: ['training', 'steps'], message: '0 trains nothing, which only probing a pre-trained model does; set init.from or steps >= 1' });
    }
    if (config.training.precision === 'tf32' && config.training.device !== 'cuda') {
      issue.addIssue({ code: 'custom', path: ['training', 'precision'], message: "'tf32' runs on the GPU's tensor cores: set training.device: cuda too, or leave precision out" });
    }
    if (nEmbd % nHead !== 0) {
      issue.addIssue({ code: 'custom', path: ['model', 'nHead'], message: `${nHead} does not divide nEmbd ${nEmbd}` });
    }
    if (config.probe.representationSteps !== 'first-last') {
      config.probe.representationSteps.forEach((step, i) => {
        if (step > config.training.steps) {
          issue.addIssue({ code: 'custom', path: ['probe', 'representationSteps', i], message: `step ${step} is after the last training step ${config.training.steps}` });
        }
      });
    }
    config.checkpoint.keep?.forEach((step, i) => {
      if (step !== 'evaluations' && step > config.training.steps) {
        issue.addIssue({ code: 'custom', path: ['checkpoint', 'keep', i], message: `step ${step} is after the last training step ${config.training.steps}` });
      }
    });
    const taskTokens = taskTokensConfigIssue(config);
    if (taskTokens) issue.addIssue({ code: 'custom', path: taskTokens[0], message: taskTokens[1] });
    checkAuxiliaryLoss(config, (problem) => issue.addIssue(problem));
    if (config.probe.layers !== 'all') {
      const hook = config.probe.hook ?? 'resid';
      const where = hook === 'resid' ? '' : ` for probe.hook '${hook}' (a block index)`;
      config.probe.layers.forEach((layer, i) => {
        if (layer >= hookLayerCount(hook, nLayer)) {
          const message = `layer ${layer} does not exist${where}; the model has ${describeHookLayers(hook, nLayer)}`;
          issue.addIssue({ code: 'custom', path: ['probe', 'layers', i], message });
        }
      });
    }
  });

export type TrialConfig = z.output<typeof trialConfigSchema>;
export type TrialConfigInput = z.input<typeof trialConfigSchema>;

/** The default trial: every default of the protocol, read from the schema, their one source. */
export const TRIAL_DEFAULTS: TrialConfig = trialConfigSchema.parse({});
export type Split = SplitName;

/** An invalid trial config; the message has one `source: path: problem` line per problem. */
export class ConfigError extends UserError {}

/** Validates a trial config; every problem is reported with its path, e.g. `model.nHead: 5 does not divide nEmbd 128`. */
export function parseTrialConfig(input: unknown, source = 'config'): TrialConfig {
  const init = resolveInitFrom(withSyntheticKind(input ?? {}));
  const result = trialConfigSchema.safeParse(init.input);
  const initIssues = [...init.issues, ...(result.success && init.pretrained ? pretrainedIssues(result.data.data, init.pretrained) : [])];
  const initLines = initIssues.map((issue: InitIssue) => `${source}: ${issue.path}: ${issue.message}`);
  if (result.success && initLines.length === 0) return result.data;
  if (result.success) throw new ConfigError(initLines.join('\n'));
  const lines = result.error.issues.map((issue) => {
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0 && issue.keys.includes('threads')) {
      return `${source}: threads: not part of a trial config; threads are a runtime option that never changes results (clusterlens train --threads, a sweep's threadsPerTrial or --threads)`;
    }
    const message =
      issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
    return `${source}: ${where}: ${message}`;
  });
  throw new ConfigError([...initLines, ...lines].join('\n'));
}

/** A config whose `data` section has no `kind`, read as a synthetic suite's. */
function withSyntheticKind(input: unknown): unknown {
  if (!isPlainObject(input) || !isPlainObject(input.data) || 'kind' in input.data) return input;
  return { ...input, data: { kind: 'synthetic', ...input.data } };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a YAML trial config and applies `key.path=value` overrides (values parse as YAML scalars). */
export function parseTrialYaml(text: string, overrides: string[] = [], source = 'config'): TrialConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`${source}: not valid YAML: ${(error as Error).message}`);
  }
  return parseTrialConfig(applyOverrides(raw, overrides), source);
}

/** Applies `a.b.c=value` overrides to a plain config object (copy); the value is parsed as YAML. */
export function applyOverrides(raw: unknown, overrides: string[]): unknown {
  const root = structuredClone(raw ?? {}) as Record<string, unknown>;
  for (const override of overrides) {
    const eq = override.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--set ${override}: expected key.path=value`);
    const path = override.slice(0, eq).split('.');
    const value = parseYaml(override.slice(eq + 1)) as unknown;
    let node = root;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === undefined) node[key] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new ConfigError(`--set ${override}: '${key}' is not an object`);
      }
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return root;
}
