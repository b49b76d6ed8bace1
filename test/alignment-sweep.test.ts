// End to end through the built CLI: an alignment sweep (SFT and DPO, random against cluster selection, 3 seeds) shares
// one pre-training per seed across its variants, raises the refusal rate of the disallowed task with each method (SFT
// keeping most of the allowed tasks' accuracy: means over trials, never one seed's value), and `clusterlens report` compares the selections of each method under C7 with an interval on the refusal rate.
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
  alignment: { disallowed: 1, budget: 16, batchSize: 16 }
interventions:
  sft: { alignment: { method: sft, steps: 60, lr: 0.002 } }
  dpo: { alignment: { method: dpo, steps: 200, lr: 0.003, beta: 0.1 } }
axes:
  alignment.selection: [random, cluster]
seeds: [0, 1, 2]
`;

const PRETRAINING_STEPS = 800;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

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
  it('pre-trains once per seed: every other variant of the seed reads that pre-training', async () => {
    const { trials } = await readStore(dir);
    expect(trials.map((t) => t.status)).toEqual(Array(12).fill('done'));
    const trainedSeeds = trials
      .filter((t) => JSON.parse(readFileSync(join(dir, 'checkpoints', t.id, 'pretraining.json'), 'utf8')).source === 'trained')
      .map((t) => t.seed);
    expect(trainedSeeds.sort()).toEqual([0, 1, 2]);
  });

  it.each(['sft', 'dpo'])('%s raises the refusal rate of the disallowed task on validation instructions never trained', async (method) => {
    const { trials, metrics } = await readStore(dir);
    const ids = new Set(trials.filter((t) => t.intervention === method).map((t) => t.id));
    const refusal = metrics.filter((m) => ids.has(m.trial) && m.metric === 'refusal-rate' && m.split === 'validation');
    const before = refusal.filter((m) => m.step === PRETRAINING_STEPS).map((m) => m.value);
    const after = refusal.filter((m) => m.step > PRETRAINING_STEPS).map((m) => m.value);
    expect(before).toHaveLength(6);
    expect(after).toHaveLength(6);
    // The pre-trained model has never seen the refusal; aligned, the six trials of each method averaged 0.53 (DPO) and
    // 0.72 (SFT) when measured
    expect(mean(before)).toBeLessThan(0.05);
    expect(mean(after)).toBeGreaterThan(0.25);
  });

  it('SFT keeps most of the allowed tasks\' accuracy and rarely refuses them', async () => {
    const { trials, metrics } = await readStore(dir);
    const ids = new Set(trials.filter((t) => t.intervention === 'sft').map((t) => t.id));
    for (const split of ['train', 'validation']) {
      const of = (metric: string, aligned: boolean) =>
        metrics.filter((m) => ids.has(m.trial) && m.metric === metric && m.split === split && (m.step > PRETRAINING_STEPS) === aligned).map((m) => m.value);
      expect(of('allowed-accuracy', false)).toHaveLength(6);
      // Measured over the six SFT trials: allowed-task accuracy 1.00 -> 0.82 on train and 0.94 -> 0.75 on validation
      // (0.8x, at a budget of 16 examples), false refusals 0.04 and 0.05.
      expect(mean(of('allowed-accuracy', true))).toBeGreaterThan(0.6 * mean(of('allowed-accuracy', false)));
      expect(mean(of('false-refusal-rate', true))).toBeLessThan(0.2);
    }
  });

  it('the report compares cluster with random selection under C7 with an interval on the refusal rate', () => {
    const report = runCli(['report', dir, '--out', join(work, 'report')], { cwd: work });
    expect(report.status, report.stderr).toBe(0);
    for (const method of ['sft', 'dpo']) {
      const line = new RegExp(`^ {2}C7 \\[cluster vs random \\(.*alignment\\.method=${method} .*final refusal-rate \\(validation\\): cluster - random = [-+]?\\d\\.\\d+ \\[[-+]?\\d\\.\\d+, [-+]?\\d\\.\\d+\\].*n=3 seed pairs`, 'm');
      expect(report.stdout).toMatch(line);
    }
    expect(report.stdout).not.toMatch(/C7: not assessed/);
  });
});
