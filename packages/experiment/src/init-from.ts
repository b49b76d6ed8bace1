// `init.from`: a trial that starts from a Hugging Face GPT-2 directory (config.json + model.safetensors) instead of
// a fresh initialisation. The directory decides the model's shape, and the sha256 of its weights becomes part of the
// resolved config, so a trial id, a stored config and a checkpoint all name the exact weights that ran.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { configFromHuggingFace, Gpt, type GptConfig, type OptimizerConfig } from '@clusterlens/model';
import { GPT2_VOCAB_SIZE } from '@clusterlens/tasks';
import { z } from 'zod';

export const initSchema = z
  .strictObject({
    /** A Hugging Face GPT-2 directory; a relative path is read from the working directory. */
    from: z.string().min(1),
    /** sha256 of `<from>/model.safetensors`: written into the resolved config, checked against the file when given. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits').optional(),
  })
  .optional();

export type InitFrom = NonNullable<z.output<typeof initSchema>>;

/** A problem with a trial config: the dotted path of the field and what is wrong. */
export interface InitIssue {
  path: string;
  message: string;
}

/** The pre-trained model a config's `init.from` names. */
export interface Pretrained {
  dir: string;
  config: Required<GptConfig>;
  sha256: string;
}

// The trial config's model fields and the config.json keys they come from.
const MODEL_FIELDS = { nLayer: 'n_layer', nHead: 'n_head', nEmbd: 'n_embd', layerNormEps: 'layer_norm_epsilon' } as const;

/**
 * Reads the directory a raw trial config's `init.from` names and returns the config with `model` set to the
 * directory's shape and `init.sha256` to its weights' hash. A model field the config states differently, an
 * unreadable directory, or a stated sha256 that the weights do not have is an issue. Without `init`, the config is
 * returned as it is.
 */
export function resolveInitFrom(input: unknown): { input: unknown; pretrained?: Pretrained; issues: InitIssue[] } {
  if (!isObject(input) || !isObject(input.init) || typeof input.init.from !== 'string') return { input, issues: [] };
  const init = input.init;
  const dir = init.from as string;
  let pretrained: Pretrained;
  try {
    pretrained = readPretrained(dir);
  } catch (error) {
    return { input, issues: [{ path: 'init.from', message: `${(error as Error).message}; init.from must name a Hugging Face GPT-2 directory (config.json + model.safetensors)` }] };
  }
  const issues: InitIssue[] = [];
  if (typeof init.sha256 === 'string' && init.sha256 !== pretrained.sha256) {
    issues.push({ path: 'init.sha256', message: `${init.sha256} is not the sha256 of ${join(dir, 'model.safetensors')} (${pretrained.sha256}): the weights changed; point init.from at the weights this config ran with, or drop init.sha256 to start a new trial` });
  }
  const fields = Object.keys(MODEL_FIELDS) as (keyof typeof MODEL_FIELDS)[];
  const model = Object.fromEntries(fields.map((field) => [field, pretrained.config[field]]));
  const stated = isObject(input.model) ? input.model : {};
  for (const field of fields) {
    const key = MODEL_FIELDS[field];
    if (stated[field] !== undefined && stated[field] !== model[field]) {
      issues.push({ path: `model.${field}`, message: `${JSON.stringify(stated[field])} conflicts with ${key} ${model[field]} of ${join(dir, 'config.json')}; with init.from leave model out (the directory decides it)` });
    }
  }
  // A stated sha256 stays as written, for the schema to check its form (YAML reads 000...0 as a number).
  return { input: { ...input, model, init: { sha256: pretrained.sha256, ...init } }, pretrained, issues };
}

/**
 * A sweep's pin hook: a config whose `init.from` states no `init.sha256` gets the hash of the weights there, so its
 * trial id and stored config name the exact weights (new weights at the same path make new trials). A directory it
 * cannot read leaves the config as it is, for validation to report.
 */
export function pinInitWeights(config: Record<string, unknown>): Record<string, unknown> {
  const init = config.init;
  if (!isObject(init) || typeof init.from !== 'string' || init.sha256 !== undefined) return config;
  let sha256: string;
  try {
    sha256 = weightsSha256(join(init.from, 'model.safetensors'));
  } catch {
    return config;
  }
  return { ...config, init: { ...init, sha256 } };
}

/** What a resolved config with `init.from` must also satisfy: GPT-2's own ids, and a context the model has positions for. */
export function pretrainedIssues(
  data: { kind: string; vocabulary?: string; contextLength: number },
  pretrained: Pretrained,
): InitIssue[] {
  const configFile = join(pretrained.dir, 'config.json');
  if (data.kind !== 'natural') {
    return [{ path: 'data.kind', message: `'${data.kind}' cannot start from a pre-trained GPT-2 (init.from); use data.kind: natural with data.vocabulary: gpt2` }];
  }
  const issues: InitIssue[] = [];
  if (data.vocabulary !== 'gpt2') {
    issues.push({ path: 'data.vocabulary', message: `'${data.vocabulary}' renumbers GPT-2's tokens, which a pre-trained GPT-2 (init.from) does not know; set data.vocabulary: gpt2` });
  } else if (pretrained.config.vocabSize !== GPT2_VOCAB_SIZE) {
    issues.push({ path: 'init.from', message: `${configFile} has vocab_size ${pretrained.config.vocabSize}, not GPT-2's ${GPT2_VOCAB_SIZE}; init.from needs a model over GPT-2's byte-pair tokens` });
  }
  if (data.contextLength > pretrained.config.nPositions) {
    issues.push({ path: 'data.contextLength', message: `${data.contextLength} is longer than n_positions ${pretrained.config.nPositions} of ${configFile}; use at most ${pretrained.config.nPositions}` });
  }
  return issues;
}

/** The pre-trained model of `init`, its optimiser fresh, after checking its weights are still the ones the config names. */
export async function loadPretrained(init: InitFrom, options: { threads: number; optimizer: Partial<OptimizerConfig> }): Promise<Gpt> {
  const sha256 = weightsSha256(join(init.from, 'model.safetensors'));
  if (init.sha256 !== undefined && sha256 !== init.sha256) {
    throw new Error(`${join(init.from, 'model.safetensors')}: sha256 ${sha256} is not init.sha256 ${init.sha256}; the weights changed since the config was resolved`);
  }
  return Gpt.fromHuggingFace(init.from, options);
}

function readPretrained(dir: string): Pretrained {
  const configFile = join(dir, 'config.json');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot read ${configFile} (${(error as Error).message})`, { cause: error });
  }
  return { dir, config: configFromHuggingFace(json, configFile), sha256: weightsSha256(join(dir, 'model.safetensors')) };
}

// Hashing GPT-2's 500 MB of weights takes a second or two, and a config is parsed several times per trial: each
// file's hash is kept for as long as its size and modification time stay the same.
const hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

/** The sha256 of a file, read in chunks (a GPT-2 checkpoint need not fit in one buffer). */
export function weightsSha256(file: string): string {
  const path = resolve(file);
  const { size, mtimeMs } = statSync(path);
  const known = hashes.get(path);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known.sha256;
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1 << 24);
  const fd = openSync(path, 'r');
  try {
    for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  const sha256 = hash.digest('hex');
  hashes.set(path, { size, mtimeMs, sha256 });
  return sha256;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
