// The sweep spec (YAML): what to vary around a base trial config. Validated here; expanded by plan.ts.
import { z } from 'zod';

import { formatPath } from '@clusterlens/schema';

import { deepMerge } from './config-paths.js';
import { SpecError } from './errors.js';
import { canonicalJson, isPlainObject, type JsonValue } from './json.js';
import type { Axis, Distribution, RandomAxis } from './axis-types.js';
import { checkSamples } from './samples.js';
import { parseYamlText } from './yaml-text.js';

export type { Axis, Distribution, RandomAxis } from './axis-types.js';

/** Names become folder names (`runs/<name>`) and label parts, so they stay filesystem- and shell-safe. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_HINT = "use letters, digits, '.', '_' or '-', starting with a letter or digit";
/** A config path: dot-separated keys, e.g. `optimizer.lr`. */
const CONFIG_PATH = /^[^.\s]+(\.[^.\s]+)*$/;
const PATH_HINT = 'expected a config path such as optimizer.lr';

const int = (min: number) => z.number().int().min(min);
const jsonValue = z.json() as z.ZodType<JsonValue>;
/** A YAML key with nothing after it (`baseline:`) reads as null; it means "nothing to change". */
const jsonObject = z.preprocess((v) => v ?? {}, z.record(z.string(), jsonValue)) as z.ZodType<Record<string, JsonValue>>;


const DISTRIBUTIONS = ['uniform', 'logUniform', 'choice'] as const;

function distinctValues(values: readonly JsonValue[], issue: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    const key = canonicalJson(value);
    if (seen.has(key)) issue.addIssue({ code: 'custom', path: [i], message: `duplicate ${what} ${JSON.stringify(value)}` });
    seen.add(key);
  });
}

const range = (positive: boolean) =>
  z
    .tuple([z.number(), z.number()], { error: 'expected [low, high]' })
    .refine(([lo, hi]) => lo < hi, { message: 'expected [low, high] with low < high' })
    .refine(([lo]) => !positive || lo > 0, { message: 'a log-uniform range must be positive: expected [low, high] with 0 < low < high' });

const distributionSchemas = {
  uniform: range(false),
  logUniform: range(true),
  choice: z
    .array(jsonValue)
    .min(1, 'expected at least one choice')
    .superRefine((values, issue) => distinctValues(values, issue, 'choice')),
};

const distribution = z.unknown().transform((value, issue): Distribution => {
  const keys = isPlainObject(value) ? Object.keys(value) : [];
  const known = keys.filter((k): k is (typeof DISTRIBUTIONS)[number] => (DISTRIBUTIONS as readonly string[]).includes(k));
  if (known.length !== 1 || keys.length !== 1) {
    const got = keys.length ? `, got ${keys.join(' and ')}` : '';
    issue.addIssue({ code: 'custom', message: `expected uniform, logUniform or choice${got}` });
    return z.NEVER;
  }
  const kind = known[0]!;
  const parsed = parseInto(distributionSchemas[kind] as z.ZodType<unknown>, (value as Record<string, unknown>)[kind], issue, [kind]);
  return { [kind]: parsed } as Distribution;
});

const randomAxis = z
  .strictObject({ random: distribution, count: int(1).optional() })
  .superRefine((axis, issue) => {
    if ('choice' in axis.random && axis.count !== undefined && axis.count > axis.random.choice.length) {
      const n = axis.random.choice.length;
      issue.addIssue({
        code: 'custom',
        path: ['count'],
        message: `${axis.count} draws from ${n} choices would repeat a value; draw at most ${n}, or list the values as a grid`,
      });
    }
  });

const grid = z
  .array(jsonValue)
  .min(1, 'expected at least one value')
  .superRefine((values, issue) => distinctValues(values, issue, 'value'));

const axis = z.unknown().transform((value, issue): Axis => {
  if (Array.isArray(value)) return parseInto(grid, value, issue) as JsonValue[];
  if (isPlainObject(value) && 'random' in value) return parseInto(randomAxis, value, issue) as RandomAxis;
  issue.addIssue({ code: 'custom', message: 'expected a list of values (a grid) or { random: { uniform | logUniform | choice: ... }, count: n } (count left out with samples)' });
  return z.NEVER;
});

const seeds = z.unknown().transform((value, issue): number[] => {
  if (Array.isArray(value)) {
    const list = z
      .array(int(0))
      .min(1, 'expected at least one seed')
      .superRefine((values, ctx) => distinctValues(values, ctx, 'seed'));
    return parseInto(list, value, issue) as number[];
  }
  if (isPlainObject(value)) {
    const range = parseInto(z.strictObject({ count: int(1), start: int(0).default(0) }), value, issue) as { count: number; start: number };
    return range === z.NEVER ? z.NEVER : Array.from({ length: range.count }, (_, i) => range.start + i);
  }
  issue.addIssue({ code: 'custom', message: 'expected a list of seeds, e.g. [0, 1, 2], or { count: n, start: 0 }' });
  return z.NEVER;
});

type ConfigObject = Record<string, JsonValue>;
/** What `base` may be written as: a config, or a list of configs merged in order. File paths are read by spec-file.ts. */
export type BaseInput = Record<string, unknown> | string | null | Array<Record<string, unknown> | string>;

const BASE_FILE_HINT = 'is a file path; read the spec with readSweepSpecFile(path), which loads base files relative to the spec file (the CLI does)';

/** A base, or a list of bases deep-merged in order (as interventions merge onto base): one config. */
const base = z.unknown().transform((value, issue): ConfigObject => {
  const layers = Array.isArray(value) ? value : [value];
  const prefix = (i: number) => (Array.isArray(value) ? [i] : []);
  let merged: ConfigObject = {};
  layers.forEach((layer, i) => {
    if (typeof layer === 'string') {
      issue.addIssue({ code: 'custom', path: prefix(i), message: `'${layer}' ${BASE_FILE_HINT}` });
      return;
    }
    const config = parseInto(jsonObject, layer, issue, prefix(i));
    if (config !== z.NEVER) merged = deepMerge(merged, config) as ConfigObject;
  });
  return merged;
}) as unknown as z.ZodType<ConfigObject, BaseInput | undefined>;

const SPEC_KEYS = ['name', 'trial', 'base', 'axes', 'samples', 'seeds', 'seedPath', 'interventions', 'randomSeed', 'concurrency', 'threadsPerTrial', 'maxAttempts'];

export const sweepSpecSchema = z
  .strictObject({
    /** Names the sweep and its default output folder, runs/<name>. */
    name: z.string({ error: (i) => (i.input === undefined ? 'required: the sweep name (it names the output folder runs/<name>)' : 'expected a string') }).regex(NAME, NAME_HINT),
    /** The registered trial function every trial runs. */
    trial: z.string().min(1).default('clusterlens'),
    /**
     * The config every trial starts from (a list: configs deep-merged in order); opaque to the sweep, checked by the
     * trial function's validate hook.
     */
    base: base.default({}),
    /** Config path -> values; trials are the product of the grid axes, the counted random axes and the samples. */
    axes: z.record(z.string().regex(CONFIG_PATH, PATH_HINT), axis).default({}),
    /** Joint random search: this many draws, each taking one value of every random axis without count. */
    samples: int(1).optional(),
    seeds: seeds.default([0]),
    /** Where each seed is written in the config. */
    seedPath: z.string().regex(CONFIG_PATH, PATH_HINT).default('seed'),
    /** Name -> patch deep-merged onto base (objects merge, other values replace). */
    interventions: z.record(z.string().regex(NAME, NAME_HINT), jsonObject).default({ baseline: {} }),
    /** Seeds the random axes' draws (not the trials: those get `seeds`). */
    randomSeed: int(0).default(0),
    /** Trials at once; default: as many as the cores allow at threadsPerTrial each. */
    concurrency: int(1).optional(),
    threadsPerTrial: int(1).default(1),
    /** Attempts of a trial that fails with a non-configuration error, per run of the sweep. */
    maxAttempts: int(1).default(2),
  })
  .superRefine((spec, issue) => {
    const axisPaths = Object.keys(spec.axes);
    checkSamples(spec.axes, spec.samples, issue);
    if (Object.keys(spec.interventions).length === 0) {
      issue.addIssue({ code: 'custom', path: ['interventions'], message: "expected at least one intervention; leave 'interventions' out for a single 'baseline'" });
    }
    for (const path of axisPaths) {
      if (path === spec.seedPath) {
        issue.addIssue({ code: 'custom', path: ['axes', path], message: `'${path}' is the seed path; list seeds under 'seeds' instead` });
      }
      const outer = axisPaths.find((other) => path.startsWith(`${other}.`));
      if (outer) issue.addIssue({ code: 'custom', path: ['axes', path], message: `overlaps axis '${outer}'; one axis cannot vary inside another` });
    }
    // A patch that sets a path the sweep overrides would silently have no effect.
    for (const [name, patch] of Object.entries(spec.interventions)) {
      for (const path of [spec.seedPath, ...axisPaths]) {
        if (hasPath(patch, path)) {
          const owner = path === spec.seedPath ? "'seeds'" : `axis '${path}'`;
          issue.addIssue({ code: 'custom', path: ['interventions', name, ...path.split('.')], message: `is set by ${owner}, which overrides it; drop one of them` });
        }
      }
    }
  });

export type SweepSpec = z.output<typeof sweepSpecSchema>;
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;

/** Validates a spec object; every problem is one line `source: path: message`. Parsing a parsed spec is a no-op. */
export function parseSweepSpec(input: unknown, source = 'sweep spec'): SweepSpec {
  const result = sweepSpecSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new SpecError(result.error.issues.map((issue) => `${source}: ${formatPath(issue.path)}: ${issueMessage(issue)}`).join('\n'));
}

/** Reads a YAML sweep spec; `source` (the file name) starts every error line. Base files need readSweepSpecFile. */
export function parseSweepYaml(text: string, source = 'sweep spec'): SweepSpec {
  return parseSweepSpec(parseYamlText(text, source), source);
}

/** `topLevel`: the issue's path is from the spec's root (not from inside a nested schema). */
function issueMessage(issue: z.core.$ZodIssue, topLevel = true): string {
  // A bad record key (an axis path, an intervention name): zod wraps the key's own issue.
  if (issue.code === 'invalid_key') return issue.issues.map((inner) => issueMessage(inner, false)).join('; ');
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const keys = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  return topLevel && issue.path.length === 0 ? `${keys} (a sweep spec has ${SPEC_KEYS.join(', ')})` : keys;
}

/** Runs a nested schema and reports its issues under the current path (for values that may take several shapes). */
function parseInto<T>(schema: z.ZodType<T>, value: unknown, issue: z.RefinementCtx, prefix: PropertyKey[] = []): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const inner of result.error.issues) {
    issue.addIssue({ code: 'custom', path: [...prefix, ...inner.path], message: issueMessage(inner, false) });
  }
  return z.NEVER;
}

function hasPath(object: Record<string, unknown>, path: string): boolean {
  let node: unknown = object;
  for (const key of path.split('.')) {
    if (!isPlainObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}
