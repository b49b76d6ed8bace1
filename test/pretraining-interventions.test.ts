// End to end through the built CLI: a sweep of the pre-training interventions (docs/PROTOCOL.md section 6) against
// the plain causal-LM baseline (auxiliary losses, task-identity tokens) over 3 seeds on a tiny model, then its report, whose claim C6 compares each
// intervention with the baseline, paired on the seed, with an interval.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';

import type { StoredMetricRow } from '@clusterlens/schema';
import type { TrialRecord } from '@clusterlens/sweep';

import { runCli } from './support/cli.js';
import { readStore } from './support/store.js';

const AUXILIARY = ['supcon', 'centre'];
const INTERVENTIONS = [...AUXILIARY, 'task-tokens'];

const SPEC = `name: pretraining-interventions
base:
  model: { nLayer: 2, nHead: 2, nEmbd: 16 }
  optimizer: { lr: 0.003, warmupSteps: 5 }
  training: { steps: 60, batchSize: 8 }
  evaluation: { every: 20, early: 0, instancesPerSplit: 16, splits: [train, validation, unseen-distribution], kmeans: { nInit: 1 } }
  probe: { saveRepresentations: false }
  checkpoint: { every: 60 }
interventions:
  baseline: {}
  supcon: { training: { auxiliaryLoss: { kind: supcon, weight: 0.5, layer: 2 } } }
  centre: { training: { auxiliaryLoss: { kind: centre, weight: 0.5, layer: 2, fromStep: 10, untilStep: 50 } } }
  task-tokens: { training: { taskTokens: { fraction: 0.5 } } }
seeds: [0, 1, 2]
`;

interface ClaimStatistic {
  claim: string;
  condition: string;
  scope: string;
  /** BIGINT in Parquet: read as a bigint. */
  n: bigint;
  estimate: number;
  tLow: number | null;
  tHigh: number | null;
}

let work: string;
let store: { trials: TrialRecord[]; metrics: StoredMetricRow[] };
let report: ReturnType<typeof runCli>;
let c6: ClaimStatistic[];

async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'clusterlens-interventions-'));
  await writeFile(join(work, 'spec.yaml'), SPEC);
  const sweep = runCli(['sweep', 'run', 'spec.yaml', '--out', 'sweep', '--concurrency', '1', '--threads', '1', '--no-progress'], { cwd: work });
  if (sweep.status !== 0) throw new Error(`the sweep failed:\n${sweep.stdout}\n${sweep.stderr}`);
  store = await readStore(join(work, 'sweep'));
  report = runCli(['report', 'sweep', '--seed', '1'], { cwd: work });
  const claims = (await readParquet(join(work, 'sweep', 'report', 'tables', 'claims.parquet'))) as unknown as ClaimStatistic[];
  c6 = claims.filter((row) => row.claim === 'C6');
}, 300_000);

describe('pre-training interventions, end to end', () => {
  it('runs every intervention on every seed', () => {
    const done = store.trials.filter((t) => t.status === 'done');
    expect(done.map((t) => `${t.intervention} ${t.seed}`).sort()).toEqual(
      ['baseline', ...INTERVENTIONS].flatMap((name) => [0, 1, 2].map((seed) => `${name} ${seed}`)).sort(),
    );
  });

  it('stores the auxiliary loss of the trials that train with one, and none for the baseline', () => {
    const interventionOf = new Map(store.trials.map((t) => [t.id, t.intervention]));
    const withAuxiliary = new Set(store.metrics.filter((m) => m.metric === 'auxiliary-loss').map((m) => interventionOf.get(m.trial)));
    expect([...withAuxiliary].sort()).toEqual([...AUXILIARY].sort());
    const values = store.metrics.filter((m) => m.metric === 'auxiliary-loss').map((m) => m.value);
    expect(values.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  it('the report prints C6 findings for each intervention against the baseline', () => {
    expect(report.status, report.stderr).toBe(0);
    for (const name of INTERVENTIONS) expect(report.stdout).toMatch(new RegExp(`^ {2}C6 \\[${name} vs baseline\\] `, 'm'));
  });

  it.each(INTERVENTIONS)('C6 compares %s with the baseline on every outcome, over 3 seed pairs, with a t-interval', (name) => {
    const rows = c6.filter((row) => row.condition === `${name} vs baseline`);
    const scopes = rows.map((row) => row.scope);
    for (const outcome of [
      'steps to 95% accuracy (train)',
      'final accuracy (validation)',
      'final accuracy (unseen-distribution)',
      'mean ARI over training, top layer (train)',
    ]) {
      expect(scopes).toContain(outcome);
    }
    for (const row of rows) {
      expect(Number(row.n), row.scope).toBe(3);
      expect(row.tLow, row.scope).not.toBeNull();
      expect(row.tLow!, row.scope).toBeLessThanOrEqual(row.estimate);
      expect(row.tHigh!, row.scope).toBeGreaterThanOrEqual(row.estimate);
    }
  });
});
