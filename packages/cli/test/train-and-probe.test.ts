// clusterlens train and probe end to end on a tiny trial, through the built command.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';

import { clusterlens } from './support/cli.js';

const TINY = `
seed: 1
model: { nLayer: 1, nHead: 2, nEmbd: 16 }
training: { steps: 30, batchSize: 8 }
evaluation: { every: 10, early: 0, instancesPerSplit: 24, splits: [train, validation], kmeans: { nInit: 1 } }
checkpoint: { every: 10 }
`;

let dir: string;
let out: string;
let train: ReturnType<typeof clusterlens>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clusterlens-cli-'));
  writeFileSync(join(dir, 'trial.yaml'), TINY);
  writeFileSync(join(dir, 'suite.yaml'), 'kind: synthetic\nseed: 0\n');
  out = join(dir, 'out');
  train = clusterlens(['train', 'trial.yaml', '--out', out, '--set', 'training.steps=20', '--no-progress'], dir);
}, 300_000);

describe('clusterlens train', () => {
  it('finishes and prints the ARI summary', () => {
    expect(train.stderr).toBe('');
    expect(train.status).toBe(0);
    expect(train.stdout).toMatch(/ARI of k-means clusters against task identity/);
  });

  it('applies --set overrides to the written config', () => {
    expect(readFileSync(join(out, 'config.yaml'), 'utf8')).toMatch(/steps: 20/);
  });

  it('writes the same metrics as CSV and Parquet', async () => {
    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('split,layer,step,metric,value');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n, max(step) AS last FROM '${join(out, 'metrics.parquet')}'`);
    const [n, last] = reader.getRows()[0];
    expect(Number(n)).toBe(csv.length - 1);
    expect(Number(last)).toBe(20);
    connection.closeSync();
    instance.closeSync();
  });

  it('a bad config fails with the path of the problem and no stack trace', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'model: { nHead: 3, nEmbd: 16 }\n');
    const { status, stderr } = clusterlens(['train', 'bad.yaml', '--out', join(dir, 'bad')], dir);
    expect(status).toBe(1);
    expect(stderr).toMatch(/model\.nHead: 3 does not divide nEmbd 16/);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('clusterlens probe', () => {
  it('probes the trained Hugging Face export on a suite file', () => {
    const { status, stdout } = clusterlens(['probe', join(out, 'model'), '--suite', 'suite.yaml', '--splits', 'train,validation', '--instances', '24', '--out', 'probe.csv'], dir);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^split\s+layer\s+ari\s+ami\s+nmi\s+pairF1\s+purity\s+silhouette/m);
    const rows = readFileSync(join(dir, 'probe.csv'), 'utf8').trim().split('\n');
    // 2 splits x 2 layers x 6 metrics, plus instances, accuracy and loss per split, plus the 6 in-/out-of-cluster
    // metrics of the unseen split (validation) per layer
    expect(rows.length - 1).toBe(2 * 2 * 6 + 2 * 3 + 2 * 6);
  });

  it('probes a training checkpoint too', () => {
    const { status } = clusterlens(['probe', join(out, 'checkpoints/trial.safetensors'), '--suite', 'suite.yaml', '--splits', 'train', '--instances', '16'], dir);
    expect(status).toBe(0);
  });

  it('rejects a layer the model does not have', () => {
    const { status, stderr } = clusterlens(['probe', join(out, 'model'), '--suite', 'suite.yaml', '--layers', '0,7'], dir);
    expect(status).toBe(1);
    expect(stderr).toMatch(/--layers: '7' is not a layer; the model has residual layers 0\.\.1/);
  });

  it('--hook attn_out probes the blocks, so layer rows are the block indices 0..nLayer-1', () => {
    const args = ['probe', join(out, 'model'), '--suite', 'suite.yaml', '--hook', 'attn_out', '--splits', 'train', '--instances', '16', '--out', 'attn.csv'];
    const { status } = clusterlens(args, dir);
    expect(status).toBe(0);
    const rows = readFileSync(join(dir, 'attn.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    const layers = new Set(rows.filter(([, , , metric]) => metric === 'ari').map(([, layer]) => layer));
    expect([...layers]).toEqual(['0']);
  });

  it('--standardize changes the clustering metrics only: accuracy and loss stay, the silhouettes move', () => {
    const rowsOf = (file: string, extra: string[]) => {
      const { status } = clusterlens(['probe', join(out, 'model'), '--suite', 'suite.yaml', '--splits', 'train', '--instances', '24', '--out', file, ...extra], dir);
      expect(status).toBe(0);
      return new Map(readFileSync(join(dir, file), 'utf8').trim().split('\n').slice(1).map((line) => {
        const [, layer, , metric, value] = line.split(',');
        return [`${metric} ${layer}` as string, Number(value)] as const;
      }));
    };
    const raw = rowsOf('raw.csv', []);
    const scaled = rowsOf('scaled.csv', ['--standardize']);
    for (const key of ['accuracy ', 'loss ']) expect(scaled.get(key)).toBe(raw.get(key));
    expect(scaled.get('silhouette 1')).not.toBe(raw.get('silhouette 1'));
  });

  it('--hook mlp_out refuses layer nLayer, which is not a block', () => {
    const { status, stderr } = clusterlens(['probe', join(out, 'model'), '--suite', 'suite.yaml', '--hook', 'mlp_out', '--layers', '1'], dir);
    expect(status).toBe(1);
    expect(stderr).toMatch(/--layers: '1' is not a layer for --hook mlp_out \(a block index\); the model has blocks 0\.\.0/);
  });
});
