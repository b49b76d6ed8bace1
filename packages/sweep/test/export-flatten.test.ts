// `sweep export --flatten`: each config field a typed trials column named config.<path>, read back with DuckDB.
import { join } from 'node:path';

import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';

import { exportSweep, flatColumns, plan, SweepStore } from '@clusterlens/sweep';

import { tempDir } from './support/fixtures.js';

async function readParquet(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    return (await connection.runAndReadAll(sql.replace('$file', `'${file}'`))).getRowObjectsJS();
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

describe('flattened config columns', () => {
  it('types a field by its values: integers BIGINT, mixed numbers DOUBLE, strings, booleans, anything else JSON text', () => {
    const columns = flatColumns([
      { seed: 1, lr: 1, name: 'a', on: true, list: [1], mixed: 1, model: { nLayer: 2 } },
      { seed: 2, lr: 0.5, name: 'b', on: false, list: [2], mixed: 'x', model: { nLayer: 3 } },
    ]);
    expect(columns.map((c) => [c.name, c.type])).toEqual([
      ['config.seed', 'BIGINT'],
      ['config.lr', 'DOUBLE'],
      ['config.name', 'VARCHAR'],
      ['config.on', 'BOOLEAN'],
      ['config.list', 'JSON'],
      ['config.mixed', 'JSON'],
      ['config.model.nLayer', 'BIGINT'],
    ]);
  });

  it('rejects two fields that flatten to one name, naming both', () => {
    expect(() => flatColumns([{ 'a.b': 1, a: { b: 2 } }])).toThrow(/\["a\.b"\] and \["a","b"\] both flatten to 'config\.a\.b'/);
  });

  it("writes every trial's config values into its own row of trials.parquet, null where a trial lacks the field", async () => {
    const dir = await tempDir();
    const trials = plan(
      { name: 's', base: { model: { nLayer: 2 } }, axes: { 'optimizer.lr': [0.001, 0.5] }, interventions: { plain: {}, all: { training: { loss: 'all' } } }, seeds: [0, 1] },
      { codeVersion: 'v' },
    );
    const store = await SweepStore.open(dir);
    await store.addTrials(trials);
    await store.close();

    const [trialsFile] = await exportSweep(dir, 'parquet', join(dir, 'out'), { flatten: true });
    const rows = await readParquet(
      trialsFile,
      `SELECT id, "config.seed" AS seed, "config.model.nLayer" AS layers, "config.optimizer.lr" AS lr, "config.training.loss" AS loss,
         typeof("config.seed") AS seedType, typeof("config.optimizer.lr") AS lrType FROM $file ORDER BY id`,
    );
    const expected = [...trials]
      .sort((x, y) => (x.id < y.id ? -1 : 1))
      .map((t) => {
        const config = t.config as { seed: number; optimizer: { lr: number }; training?: { loss: string } };
        const loss = config.training?.loss ?? null;
        return { id: t.id, seed: BigInt(config.seed), layers: 2n, lr: config.optimizer.lr, loss, seedType: 'BIGINT', lrType: 'DOUBLE' };
      });
    expect(rows).toEqual(expected);
  });

  it('leaves trials without config columns unless asked', async () => {
    const dir = await tempDir();
    const store = await SweepStore.open(dir);
    await store.addTrials(plan({ name: 's', seeds: [0] }, { codeVersion: 'v' }));
    await store.close();
    const [trialsFile] = await exportSweep(dir, 'parquet');
    const columns = await readParquet(trialsFile, `SELECT column_name FROM (DESCRIBE SELECT * FROM $file)`);
    expect(columns.map((c) => c.column_name).filter((c) => String(c).startsWith('config.'))).toEqual([]);
  });
});
