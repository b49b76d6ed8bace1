// `clusterlens probe --config <trial.yaml>` draws from the seed tree of that trial and uses its probe settings: on
// the trial's checkpoint it measures exactly what the trial measured at its last evaluation (same evaluation
// instances, same k-means seeds and settings).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { clusterlens } from './support/cli.js';

// Settings that differ from the defaults, so the probe must take them from the config.
const TRIAL = `
seed: 5
data: { kind: synthetic, seed: 3 }
model: { nLayer: 1, nHead: 2, nEmbd: 16 }
training: { steps: 10, batchSize: 16 }
evaluation: { every: 10, early: 0, instancesPerSplit: 40, splits: [train, heldout-pairs, validation], kmeans: { nInit: 3 }, silhouetteSample: 30 }
probe: { position: ans }
checkpoint: { every: 10 }
`;

let dir: string;

/** `split,layer,step,metric,value` lines of a metrics CSV at `step`, except the training loss, sorted. */
function rowsAt(file: string, step: number): string[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter((line) => line.split(',')[2] === String(step) && !line.includes(',train-loss,'))
    .sort();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clusterlens-probe-seed-'));
  writeFileSync(join(dir, 'trial.yaml'), TRIAL);
  const train = clusterlens(['train', 'trial.yaml', '--out', 'out', '--no-progress'], dir);
  expect(train.status, train.stderr).toBe(0);
}, 300_000);

describe('clusterlens probe --config', () => {
  it("reproduces the trial's last evaluation from its checkpoint and config", () => {
    const same = clusterlens(['probe', 'out/checkpoints/trial.safetensors', '--config', 'out/config.yaml', '--out', 'same.csv'], dir);
    expect(same.status, same.stderr).toBe(0);
    const trialRows = rowsAt(join(dir, 'out/metrics.csv'), 10);
    expect(trialRows.length).toBeGreaterThan(20);
    expect(rowsAt(join(dir, 'same.csv'), 10)).toEqual(trialRows);
  });

  it('draws other evaluation sets and k-means seeds under another --seed', () => {
    const args = ['probe', 'out/checkpoints/trial.safetensors', '--config', 'out/config.yaml', '--splits', 'validation'];
    const other = clusterlens([...args, '--seed', '6', '--out', 'other.csv'], dir);
    expect(other.status, other.stderr).toBe(0);
    const trialLoss = rowsAt(join(dir, 'out/metrics.csv'), 10).find((line) => line.startsWith('validation,,10,loss,'));
    const otherLoss = rowsAt(join(dir, 'other.csv'), 10).find((line) => line.startsWith('validation,,10,loss,'));
    expect(otherLoss).toBeDefined();
    expect(otherLoss).not.toEqual(trialLoss);
  });
});
