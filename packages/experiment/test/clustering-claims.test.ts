// PROTOCOL section 7, claims C1-C3 for one seed, on the scaled-down quickstart trial.
import { readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { parseTrialYaml, runTrial } from '@clusterlens/experiment';
import type { TrialMetricRow as MetricRow } from '@clusterlens/schema';

const config = parseTrialYaml(readFileSync(new URL('../../../examples/quickstart-trial.yaml', import.meta.url), 'utf8'));
const top = config.model.nLayer;
let rows: MetricRow[];

const ari = (split: string, layer: number, step: number) =>
  rows.find((r) => r.split === split && r.layer === layer && r.step === step && r.metric === 'ari')!.value;

beforeAll(async () => {
  const result = await runTrial(config);
  rows = result.rows;
  result.model.dispose();
}, 300_000);

describe('clusters form during training (quickstart trial, one seed)', () => {
  const last = () => config.training.steps;

  it('C1: top-layer ARI rises well above its initial value on train and validation', () => {
    for (const split of ['train', 'validation']) {
      expect(ari(split, top, last()) - ari(split, top, 0), split).toBeGreaterThan(0.5);
    }
  });

  it('C1: top-layer ARI levels off by the end of training', () => {
    const steps = [...new Set(rows.filter((r) => r.metric === 'ari').map((r) => r.step))].sort((a, b) => a - b);
    const late = steps.slice(-3).map((s) => ari('train', top, s));
    expect(Math.max(...late) - Math.min(...late)).toBeLessThan(0.15);
  });

  it('C2: layer 0 stays near its initial value and far below the top layer', () => {
    expect(Math.abs(ari('train', 0, last()) - ari('train', 0, 0))).toBeLessThan(0.05);
    expect(ari('train', top, last()) - ari('train', 0, last())).toBeGreaterThan(0.5);
  });

  it('C3: validation ARI tracks training ARI at every layer', () => {
    for (let layer = 0; layer <= top; layer++) {
      expect(Math.abs(ari('validation', layer, last()) - ari('train', layer, last())), `layer ${layer}`).toBeLessThan(0.15);
    }
  });

  it('the model answers held-out validation instances correctly', () => {
    const accuracy = rows.find((r) => r.split === 'validation' && r.metric === 'accuracy' && r.step === last())!.value;
    expect(accuracy).toBeGreaterThan(0.9);
  });
});
