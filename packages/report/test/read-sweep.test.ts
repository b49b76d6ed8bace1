// Reading a sweep store: metrics joined with each trial's flattened configuration.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSweep } from '@clusterlens/report';
import { summarizePairedDifferences } from '@clusterlens/stats';
import { runSql, SWEEP_SCHEMA, temporaryFolder } from './support/duckdb-files.js';

const folder = temporaryFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function store(name: string, extra: readonly string[] = []): Promise<string> {
  const file = join(folder, name);
  const trials: string[] = [];
  const metrics: string[] = [];
  for (const seed of [1, 2, 3]) {
    for (const intervention of ['none', 'aux']) {
      const id = `${intervention}-${seed}`;
      const config = JSON.stringify({ seed, intervention, model: { nLayer: 5, tied: true }, evalSteps: [0, 100] });
      trials.push(`('${id}', '${config}', 'done', TIMESTAMP '2025-01-02 03:04:05')`);
      const finalAri = 0.5 + 0.01 * seed + (intervention === 'aux' ? 0.1 : 0);
      metrics.push(`('${id}', 'train', 3, 3000, 'ari', ${finalAri})`, `('${id}', 'train', NULL, 3000, 'accuracy', 0.9)`);
    }
  }
  await runSql(file, [
    ...SWEEP_SCHEMA,
    `INSERT INTO trials VALUES ${trials.join(', ')}`,
    `INSERT INTO metrics VALUES ${metrics.join(', ')}`,
    ...extra,
  ]);
  return file;
}

describe('readSweep', () => {
  it("joins each metric row with its trial's config, nested fields as dotted names", async () => {
    const rows = await readSweep(await store('basic.duckdb'));
    expect(rows).toHaveLength(12);
    expect(rows[0]).toEqual({
      trial: 'none-1',
      split: 'train',
      layer: 3,
      step: 3000,
      metric: 'ari',
      value: 0.51,
      seed: 1,
      intervention: 'none',
      'model.nLayer': 5,
      'model.tied': 'true',
      evalSteps: '[0,100]',
    });
  });

  it('feeds a paired comparison of interventions directly', async () => {
    const rows = (await readSweep(await store('paired.duckdb'))).filter((r) => r.metric === 'ari');
    const { summary } = summarizePairedDifferences(rows, {
      by: 'intervention',
      treatment: 'aux',
      control: 'none',
      match: ['seed'],
      seed: 1,
      nResamples: 500,
    });
    expect(summary.n).toBe(3);
    expect(summary.mean).toBeCloseTo(0.1, 12);
  });

  it('keeps only trials of the given statuses and joins chosen trials columns', async () => {
    const file = await store('statuses.duckdb', ["UPDATE trials SET status = 'failed' WHERE id = 'aux-3'"]);
    const rows = await readSweep(file, { statuses: ['done'], trialColumns: ['status', 'created_at'] });
    expect(rows.some((r) => r.trial === 'aux-3')).toBe(false);
    expect(rows).toHaveLength(10);
    expect(rows[0].status).toBe('done');
    expect(rows[0].created_at).toBe('2025-01-02T03:04:05.000Z');
  });

  it("renames a config field named like a metric column to 'config.<name>'", async () => {
    const file = await store('collision.duckdb', [`UPDATE trials SET config = '{"seed": 1, "step": 7}' WHERE id = 'none-1'`]);
    const row = (await readSweep(file)).find((r) => r.trial === 'none-1')!;
    expect(row.step).toBe(3000);
    expect(row['config.step']).toBe(7);
  });

  it('reads a config stored as a STRUCT instead of JSON', async () => {
    const file = join(folder, 'struct.duckdb');
    await runSql(file, [
      'CREATE TABLE trials (id VARCHAR, config STRUCT(seed INTEGER, model STRUCT(nLayer INTEGER)))',
      'CREATE TABLE metrics (trial VARCHAR, split VARCHAR, layer INTEGER, step INTEGER, metric VARCHAR, value DOUBLE)',
      "INSERT INTO trials VALUES ('a', {'seed': 4, 'model': {'nLayer': 6}})",
      "INSERT INTO metrics VALUES ('a', 'train', 1, 10, 'ari', 0.3)",
    ]);
    const [row] = await readSweep(file);
    expect([row.seed, row['model.nLayer']]).toEqual([4, 6]);
  });

  it('rejects metric rows whose trial is not in the trials table', async () => {
    const file = await store('orphan.duckdb', ["INSERT INTO metrics VALUES ('ghost', 'train', 1, 1, 'ari', 0.1)"]);
    await expect(readSweep(file)).rejects.toThrow(/1 trial id\(s\) in metrics are missing from trials: ghost/);
  });

  it('rejects a config that is not a JSON object', async () => {
    const file = await store('bad-config.duckdb', ["UPDATE trials SET config = '[1, 2]' WHERE id = 'aux-2'"]);
    await expect(readSweep(file)).rejects.toThrow(/trial aux-2: config: expected a JSON object/);
  });

  it('says when the file is not a sweep store', async () => {
    const file = join(folder, 'empty.duckdb');
    await runSql(file, ['CREATE TABLE other (x INTEGER)']);
    await expect(readSweep(file)).rejects.toThrow(/no table 'trials' \(is this a clusterlens sweep store\?\)/);
  });
});
