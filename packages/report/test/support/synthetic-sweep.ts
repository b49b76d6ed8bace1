// A small synthetic sweep store with the tables of @clusterlens/schema's STORE_DDL, written with DuckDB directly so
// these tests do not depend on the sweep package. By default ARI curves rise and saturate, deeper layers higher, layer 0
// flat; validation a little below train; an 'aux-loss' intervention clusters faster and higher than the baseline;
// unseen instances in their own cluster are answered better (within-task gap about 0.5), except that seed 0 puts every
// instance in its own cluster at the top layer (gap undefined). Options replace any of these behaviours to fabricate
// what a verdict rule must catch: a late collapse, flat depth, a validation split that does not track, a small gap.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

import { Random, STORE_DDL, STORE_FILE, UNSEEN_SPLITS } from '@clusterlens/schema';

/** The store's tables as sweeps wrote them before trials recorded their code version (no code_version column). */
const STORE_WITHOUT_CODE_VERSION = [
  `CREATE TABLE trials (
    id VARCHAR PRIMARY KEY, label VARCHAR NOT NULL, intervention VARCHAR NOT NULL, seed BIGINT NOT NULL,
    config JSON NOT NULL, status VARCHAR NOT NULL, attempts INTEGER NOT NULL, host VARCHAR,
    started_at TIMESTAMP, finished_at TIMESTAMP, seconds DOUBLE, error VARCHAR, axes JSON NOT NULL)`,
  `CREATE TABLE metrics (trial VARCHAR NOT NULL, split VARCHAR NOT NULL, layer INTEGER, step INTEGER NOT NULL,
    metric VARCHAR NOT NULL, value DOUBLE)`,
];

/** Where one noise-free ARI value is asked for. */
export interface AriPoint {
  intervention: string;
  seed: number;
  split: string;
  layer: number;
  step: number;
  nLayer: number;
  /** The last step of training. */
  lastStep: number;
}

/** The cluster-accuracy metrics of one trial, unseen split and layer (constant over steps here). */
export interface ClusterAccuracy {
  /** Within-task accuracy gap (NaN: no task with instances on both sides). */
  gap: number;
  inCount: number;
  outCount: number;
  inAccuracy: number;
  /** NaN when no instance is out of its cluster. */
  outAccuracy: number;
}

export interface SyntheticSweepOptions {
  interventions?: string[];
  seeds?: number[];
  splits?: string[];
  nLayer?: number;
  steps?: number[];
  /** Adds one failed trial (no metrics), as a real sweep can have. */
  withFailedTrial?: boolean;
  /** Extra config fields of an intervention's trials (merged at the top level). */
  configFor?: (intervention: string) => Record<string, unknown>;
  /** Each trial's code_version (default: none recorded, NULL). */
  codeVersion?: (intervention: string, seed: number) => string | null;
  /** Writes the store of an older sweep, whose trials table has no code_version column. */
  withoutCodeVersionColumn?: boolean;
  /** Noise-free ARI at a point; undefined falls back to the default curves. */
  ari?: (at: AriPoint) => number | undefined;
  /** Half-width of the uniform noise added to every ARI value (default 0.015). */
  ariNoise?: number;
  /** Cluster-accuracy metrics of an unseen split; undefined falls back to the default (gap about 0.5). */
  clusterAccuracy?: (at: Omit<AriPoint, 'step'>) => ClusterAccuracy | undefined;
  /** data.seed of a trial's config; undefined (the default): absent, each trial seed draws its own suite. */
  dataSeed?: (intervention: string, seed: number) => number | undefined;
  /** The evaluation set's size per split (metric 'instances'; default 512 each). */
  instances?: (split: string) => number;
}

const SYNTHETIC_DEFAULTS = {
  interventions: ['baseline', 'aux-loss'],
  seeds: [0, 1, 2, 3, 4],
  // heldout-pairs: output accuracy only, no clustering metric (PROTOCOL section 4); validation and the unseen-*
  // splits are UNSEEN_SPLITS, with cluster-accuracy metrics.
  splits: ['train', 'validation', 'heldout-pairs', 'unseen-distribution'],
  nLayer: 3,
  steps: [0, 10, 30, 100, 200, 300, 400, 500, 600, 700, 800],
};

const clamp = (x: number) => Math.min(1, Math.max(-0.05, x));

/** The noise-free ARI the synthetic sweep draws around (tests compare reports against it). */
function syntheticAri(intervention: string, split: string, layer: number, step: number): number {
  if (layer === 0) return 0.05;
  const aux = intervention === 'aux-loss';
  const ceiling = 0.45 + 0.15 * layer + (aux ? 0.05 : 0);
  const tau = aux ? 80 : 140;
  const splitFactor = split === 'train' ? 1 : split === 'validation' ? 0.96 : 0.9;
  return 0.05 + (ceiling - 0.05) * splitFactor * (1 - Math.exp(-step / tau));
}

/** Splits whose hidden states are probed (not heldout-pairs: its states at SEP copy training's). */
const clustered = (split: string) => split !== 'heldout-pairs';

/** Splits with cluster-accuracy metrics (schema's UNSEEN_SPLITS). */
const unseen = (split: string) => (UNSEEN_SPLITS as readonly string[]).includes(split);

/** Writes <dir>/sweep.duckdb (STORE_FILE); returns the folder. */
export async function writeSyntheticSweep(dir: string, options: SyntheticSweepOptions = {}): Promise<string> {
  const { interventions, seeds, splits, nLayer, steps } = { ...SYNTHETIC_DEFAULTS, ...options };
  mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(join(dir, STORE_FILE));
  const connection = await instance.connect();
  try {
    for (const sql of options.withoutCodeVersionColumn ? STORE_WITHOUT_CODE_VERSION : STORE_DDL) await connection.run(sql);
    const trials = await connection.createAppender('trials');
    const metrics = await connection.createAppender('metrics');
    const metric = (trial: string, split: string, layer: number | null, step: number, name: string, value: number) => {
      metrics.appendVarchar(trial);
      metrics.appendVarchar(split);
      if (layer === null) metrics.appendNull();
      else metrics.appendInteger(layer);
      metrics.appendInteger(step);
      metrics.appendVarchar(name);
      if (Number.isNaN(value)) metrics.appendNull();
      else metrics.appendDouble(value);
      metrics.endRow();
    };
    const addTrial = (id: string, intervention: string, seed: number, status: string, error: string | null) => {
      const dataSeed = options.dataSeed?.(intervention, seed);
      const config = {
        seed,
        data: { kind: 'synthetic', ...(dataSeed === undefined ? {} : { seed: dataSeed }) },
        model: { nLayer, nEmbd: 64 },
        training: { steps: steps[steps.length - 1], loss: 'output', ...(intervention === 'aux-loss' ? { auxLoss: { weight: 0.1, layer: nLayer } } : {}) },
        ...options.configFor?.(intervention),
      };
      trials.appendVarchar(id);
      trials.appendVarchar(`${intervention} seed=${seed}`);
      trials.appendVarchar(intervention);
      trials.appendBigInt(BigInt(seed));
      trials.appendVarchar(JSON.stringify(config));
      trials.appendVarchar(status);
      trials.appendInteger(1);
      trials.appendVarchar('test-host');
      trials.appendNull();
      trials.appendNull();
      trials.appendDouble(12.5);
      if (error === null) trials.appendNull();
      else trials.appendVarchar(error);
      trials.appendVarchar('{}');
      if (!options.withoutCodeVersionColumn) {
        const version = options.codeVersion?.(intervention, seed) ?? null;
        if (version === null) trials.appendNull();
        else trials.appendVarchar(version);
      }
      trials.endRow();
    };

    interventions.forEach((intervention, i) => {
      for (const seed of seeds) {
        const id = `t-${intervention}-${seed}`;
        addTrial(id, intervention, seed, 'done', null);
        const random = new Random(1000 * i + seed + 1);
        const noise = () => random.float() - 0.5;
        const ariNoise = 2 * (options.ariNoise ?? 0.015);
        const lastStep = steps[steps.length - 1];
        for (const step of steps) {
          for (const split of splits) {
            for (let layer = 0; layer <= nLayer && clustered(split); layer++) {
              const at = { intervention, seed, split, layer, step, nLayer, lastStep };
              const ari = clamp((options.ari?.(at) ?? syntheticAri(intervention, split, layer, step)) + ariNoise * noise());
              metric(id, split, layer, step, 'ari', ari);
              metric(id, split, layer, step, 'ami', clamp(ari + 0.05));
              metric(id, split, layer, step, 'silhouette', clamp(ari / 2));
              if (unseen(split)) {
                const given = options.clusterAccuracy?.({ intervention, seed, split, layer, nLayer, lastStep });
                // Seed 0 puts every instance in its own cluster at the top layer: the out-of-cluster accuracy and the
                // within-task gap are then undefined (NaN), as k-means can make them in a real sweep.
                const allInCluster = seed === 0 && layer === nLayer;
                const inAccuracy = clamp(0.85 + 0.05 * noise());
                const outAccuracy = clamp(0.35 + 0.1 * noise());
                const inCount = allInCluster ? 512 : Math.round(512 * Math.min(1, 0.3 + 0.6 * ari));
                const c: ClusterAccuracy = given ?? {
                  gap: allInCluster ? NaN : inAccuracy - outAccuracy + 0.04 * noise(),
                  inCount,
                  outCount: 512 - inCount,
                  inAccuracy,
                  outAccuracy: allInCluster ? NaN : outAccuracy,
                };
                metric(id, split, layer, step, 'accuracy-in-cluster', c.inAccuracy);
                metric(id, split, layer, step, 'accuracy-out-of-cluster', c.outAccuracy);
                metric(id, split, layer, step, 'in-cluster-fraction', c.inCount / (c.inCount + c.outCount));
                metric(id, split, layer, step, 'in-cluster-count', c.inCount);
                metric(id, split, layer, step, 'out-of-cluster-count', c.outCount);
                metric(id, split, layer, step, 'within-task-accuracy-gap', c.gap);
              }
            }
            const accuracy = clamp((split === 'train' ? 0.99 : 0.9) * (1 - Math.exp(-step / 120)) + 0.02 * noise());
            metric(id, split, null, step, 'accuracy', accuracy);
            metric(id, split, null, step, 'loss', 3 * Math.exp(-step / 200) + 0.1);
            metric(id, split, null, step, 'instances', options.instances?.(split) ?? 512);
          }
          metric(id, 'train', null, step, 'train-loss', 3 * Math.exp(-step / 180) + 0.1);
        }
      }
    });
    if (options.withFailedTrial) addTrial('t-failed', interventions[0], 99, 'failed', 'out of memory\nstack...');
    trials.closeSync();
    metrics.closeSync();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return dir;
}

/** Writes a representations file in the report's format: 'hidden' F32 (n, dim), 'tasks' I32 (n), string metadata. */
export function writeRepresentationFile(file: string, points: Float32Array, n: number, dim: number, tasks: Int32Array, metadata: Record<string, string>): void {
  const hiddenBytes = Buffer.from(points.buffer, points.byteOffset, points.byteLength);
  const taskBytes = Buffer.from(tasks.buffer, tasks.byteOffset, tasks.byteLength);
  const header = JSON.stringify({
    __metadata__: metadata,
    hidden: { dtype: 'F32', shape: [n, dim], data_offsets: [0, hiddenBytes.length] },
    tasks: { dtype: 'I32', shape: [n], data_offsets: [hiddenBytes.length, hiddenBytes.length + taskBytes.length] },
  });
  // The format pads the header with spaces to a multiple of 8 bytes.
  const padded = header.padEnd(Math.ceil(header.length / 8) * 8, ' ');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(padded)));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, Buffer.concat([length, Buffer.from(padded), hiddenBytes, taskBytes]));
}
