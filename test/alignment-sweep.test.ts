// End to end through the built CLI: an alignment sweep (random against cluster selection, SFT, 3 seeds) shares one
// pre-training per seed across its variants, and `clusterlens report` compares the selections under C7 with an
// interval on the refusal rate.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from './support/cli.js';
import { readStore } from './support/store.js';

// The toy alignment trial of packages/experiment/test/support/toy-alignment.ts, with fewer evaluations.
const SPEC = `name: alignment-e2e
base:
  data: { kind: synthetic, numTasks: 4, distributionsPerTask: 3, contextLength: 24 }
  model: { nLayer: 2, nHead: 2, nEmbd: 32 }
  optimizer: { warmupSteps: 20, lr: 0.003 }
  training: { steps: 800, batchSize: 16 }
  evaluation: { every: 800, early: 0, instancesPerSplit: 64, splits: [train, validation], kmeans: { nInit: 2 } }
  probe: { saveRepresentations: false }
  checkpoint: { every: 400 }
  alignment: { method: sft, disallowed: 1, budget: 16, steps: 60, batchSize: 16, lr: 0.002 }
axes:
  alignment.selection: [random, cluster]
seeds: [0, 1, 2]
`;

let work: string;
let dir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'clusterlens-alignment-sweep-'));
  const specFile = join(work, 'spec.yaml');
  await writeFile(specFile, SPEC);
  dir = join(work, 'sweep');
  const run = runCli(['sweep', 'run', specFile, '--out', dir, '--concurrency', '1', '--threads', '1', '--no-progress'], { cwd: work });
  expect(run.status, run.stderr).toBe(0);
}, 600_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('alignment sweep, end to end', () => {
  it('pre-trains once per seed: the cluster variant of each seed reads the random variant’s pre-training', async () => {
    const { trials } = await readStore(dir);
    expect(trials.map((t) => t.status)).toEqual(Array(6).fill('done'));
    const sources = trials.map((t) => {
      const record = JSON.parse(readFileSync(join(dir, 'checkpoints', t.id, 'pretraining.json'), 'utf8'));
      return `${t.axes['alignment.selection']} ${t.seed} ${record.source}`;
    });
    expect(sources.sort()).toEqual(['cluster 0 cache', 'cluster 1 cache', 'cluster 2 cache', 'random 0 trained', 'random 1 trained', 'random 2 trained']);
  });

  it('the report compares cluster with random selection under C7 with an interval on the refusal rate', () => {
    const report = runCli(['report', dir, '--out', join(work, 'report')], { cwd: work });
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^ {2}C7 .*final refusal-rate \(validation\): cluster - random = [-+]?\d\.\d+ \[[-+]?\d\.\d+, [-+]?\d\.\d+\].*n=3 seed pairs/m);
    expect(report.stdout).not.toMatch(/C7: not assessed/);
  });
});
