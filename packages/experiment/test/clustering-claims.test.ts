// Clusters form on real trials: the scaled-down quickstart trial over three seeds (each drawing its own suite),
// judged on means across seeds with wide margins, never on one seed's value. The report's verdict rules (t-tests,
// Holm) are tested on their own in packages/report; this checks the trials the rules are meant for.
import { readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { parseTrialYaml, runTrial } from '@clusterlens/experiment';
import type { TrialMetricRow } from '@clusterlens/schema';

const SEEDS = [0, 1, 2];
const yaml = readFileSync(new URL('../../../examples/quickstart-trial.yaml', import.meta.url), 'utf8');
const base = parseTrialYaml(yaml, ['evaluation.splits=[train, validation]', 'evaluation.instancesPerSplit=128', 'probe.saveRepresentations=false']);
const top = base.model.nLayer;
const last = base.training.steps;
const trials: TrialMetricRow[][] = [];

function value(rows: TrialMetricRow[], split: string, layer: number | null, step: number, metric: string): number {
  const row = rows.find((r) => r.split === split && r.layer === layer && r.step === step && r.metric === metric);
  if (!row) throw new Error(`no ${metric} row for ${split}, layer ${layer}, step ${step}`);
  return row.value;
}

/** The mean across seeds of one per-trial quantity. */
const meanOverSeeds = (of: (rows: TrialMetricRow[]) => number) => trials.reduce((sum, rows) => sum + of(rows), 0) / trials.length;

beforeAll(async () => {
  for (const seed of SEEDS) {
    const result = await runTrial({ ...base, seed }, { threads: 2 });
    trials.push(result.rows);
    result.model.dispose();
  }
}, 600_000);

describe('clusters form during training (quickstart trial, mean of 3 seeds)', () => {
  it('C1: top-layer ARI rises far above its initial value on train and on validation', () => {
    // Measured: +0.76 on train, +0.58 on validation (mean of 4 seeds).
    for (const split of ['train', 'validation']) {
      const rise = meanOverSeeds((rows) => value(rows, split, top, last, 'ari') - value(rows, split, top, 0, 'ari'));
      expect(rise, split).toBeGreaterThan(0.3);
    }
  });

  it('layer 0 (embeddings at SEP) stays where it started', () => {
    // Measured: +0.004.
    expect(Math.abs(meanOverSeeds((rows) => value(rows, 'train', 0, last, 'ari') - value(rows, 'train', 0, 0, 'ari')))).toBeLessThan(0.05);
  });

  it('C4: new instructions whose state lands in their task cluster are answered correctly more often', () => {
    // Measured (pooled accuracy on validation, top layer): 0.94 in cluster against 0.61 out of cluster.
    const inCluster = meanOverSeeds((rows) => value(rows, 'validation', top, last, 'accuracy-in-cluster'));
    const outOfCluster = meanOverSeeds((rows) => value(rows, 'validation', top, last, 'accuracy-out-of-cluster'));
    expect(inCluster - outOfCluster).toBeGreaterThan(0.1);
  });
});
