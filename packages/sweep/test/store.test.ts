// The store: transactions, a result stored once however often it is recorded, grouped writes, export.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';

import { STORE_DDL, STORE_FILE, type MetricRow } from '@clusterlens/schema';
import { exportSweep, plan, SweepStore } from '@clusterlens/sweep';

import { tempDir } from './support/fixtures.js';

const trials = plan({ name: 's', seeds: [0, 1, 2] }, { codeVersion: 'v' });
const [a, b, c] = trials.map((t) => t.id) as [string, string, string];
const rows = (value: number, n = 3): MetricRow[] =>
  Array.from({ length: n }, (_, i) => ({ split: 'train', layer: i === 0 ? null : i, step: 10 * i, metric: 'ari', value }));
const timing = () => ({ finishedAt: new Date(), seconds: 1.5 });

let open: SweepStore[] = [];
async function openStore(dir: string): Promise<SweepStore> {
  const store = await SweepStore.open(dir);
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const store of open) await store.close();
  open = [];
});

describe('sweep store', () => {
  it('adds planned trials once, as pending', async () => {
    const store = await openStore(await tempDir());
    await store.addTrials(trials);
    await store.addTrials(trials);
    const stored = await store.trials();
    expect(stored.map((t) => t.id)).toEqual([a, b, c].sort());
    expect(stored.find((t) => t.id === b)).toMatchObject({ label: 'baseline seed=1', intervention: 'baseline', seed: 1, config: { seed: 1 }, axes: {}, status: 'pending', attempts: 0, host: null, startedAt: null, error: null });
  });

  it('a trial recorded twice stores one result: the second replaces the first', async () => {
    const store = await openStore(await tempDir());
    await store.addTrials(trials);
    await store.markRunning(a, 'host-1', new Date('2030-01-02T03:04:05.678Z'));
    await store.recordResult(a, rows(1), timing());
    await store.recordResult(b, rows(7), timing());
    await store.markRunning(a, 'host-2', new Date());
    await store.recordResult(a, rows(2, 5), timing());
    const metrics = await store.metrics(a);
    expect(metrics).toHaveLength(5);
    expect(metrics.every((m) => m.value === 2)).toBe(true);
    expect(await store.metrics(b)).toHaveLength(3);
    const stored = (await store.trials()).find((t) => t.id === a)!;
    expect(stored).toMatchObject({ status: 'done', attempts: 2, host: 'host-2', seconds: 1.5, error: null });
  });

  it('stores timestamps in UTC with milliseconds, and null layers as null', async () => {
    const store = await openStore(await tempDir());
    await store.addTrials(trials);
    await store.markRunning(a, 'h', new Date('2030-01-02T03:04:05.678Z'));
    await store.recordResult(a, rows(1), timing());
    expect((await store.trials()).find((t) => t.id === a)!.startedAt).toBe('2030-01-02 03:04:05.678');
    expect((await store.metrics(a))[0]).toEqual({ trial: a, split: 'train', layer: null, step: 0, metric: 'ari', value: 1 });
  });

  it('applies writes issued together in order, in grouped transactions', async () => {
    const store = await openStore(await tempDir());
    await store.addTrials(trials);
    const t = new Date();
    // Not awaited one by one: these land in one or two batches, and must act as if applied in sequence.
    await Promise.all([
      store.markRunning(a, 'h', t),
      store.recordFailure(a, { error: 'boom', finishedAt: t, seconds: 1, final: false }),
      store.markRunning(a, 'h', t),
      store.recordResult(a, rows(3), timing()),
      store.markRunning(b, 'h', t),
      store.recordFailure(b, { error: 'boom twice', finishedAt: t, seconds: 1, final: true }),
      store.markRunning(c, 'h', t),
      store.markInterrupted(c, 'stopped'),
    ]);
    const byId = new Map((await store.trials()).map((r) => [r.id, r]));
    expect(byId.get(a)).toMatchObject({ status: 'done', attempts: 2, error: null });
    expect(byId.get(b)).toMatchObject({ status: 'failed', attempts: 1, error: 'boom twice' });
    expect(byId.get(c)).toMatchObject({ status: 'pending', attempts: 1, error: 'stopped', finishedAt: null });
    expect(await store.metrics(a)).toHaveLength(3);
  });

  it('a write that fails inside a group fails alone; the others commit', async () => {
    const dir = await tempDir();
    const store = await openStore(dir);
    await store.addTrials(trials);
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');
    const results = await Promise.allSettled([
      store.recordResult(a, rows(1), timing()),
      store.export(join(blocker, 'below-a-file'), 'csv'), // cannot create a folder below a file
      store.recordResult(b, rows(2), timing()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.metrics()).toHaveLength(6);
  });

  it('rejects malformed rows before they reach a transaction, naming the field', async () => {
    const store = await openStore(await tempDir());
    await store.addTrials(trials);
    const bad = [{ split: 'train', layer: 1.5, step: 0, metric: 'ari', value: 1 }];
    await expect(store.recordResult(a, bad, timing())).rejects.toThrow('rows[0].layer: expected an integer or null, got 1.5');
  });

  it('resetRunning returns trials of a dead coordinator to pending', async () => {
    const store = await openStore(await tempDir());
    await store.addTrials(trials);
    await store.markRunning(a, 'h', new Date());
    expect(await store.resetRunning()).toBe(1);
    expect((await store.trials()).find((t) => t.id === a)).toMatchObject({ status: 'pending', attempts: 1, error: 'interrupted: the sweep stopped while it ran' });
  });

  it('persists across close and open, and says so when another process holds the file', async () => {
    const dir = await tempDir();
    const store = await SweepStore.open(dir);
    await store.addTrials(trials);
    await store.recordResult(a, rows(1), timing());
    await store.close();
    await store.close(); // twice is fine
    await expect(store.trials()).rejects.toThrow(/the store is closed/);

    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api'; await DuckDBInstance.create(${JSON.stringify(join(dir, 'sweep.duckdb'))}); console.log('open'); setInterval(() => {}, 1000);`],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      await expect(SweepStore.open(dir)).rejects.toThrow(/is in use by another process \(a sweep still running on this folder\?\)/);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((resolve) => holder.once('exit', resolve));
    const reopened = await openStore(dir);
    expect(await reopened.metrics(a)).toHaveLength(3);
  });

  it('exports trials and metrics as Parquet and CSV', async () => {
    const dir = await tempDir();
    const store = await SweepStore.open(dir);
    await store.addTrials(trials);
    await store.recordResult(a, rows(1), timing());
    await store.recordResult(b, rows(2), timing());
    await store.close();

    const parquet = await exportSweep(dir, 'parquet', join(dir, 'out'));
    expect(parquet).toEqual([join(dir, 'out', 'trials.parquet'), join(dir, 'out', 'metrics.parquet')]);
    const csv = await exportSweep(dir, 'csv');
    expect(csv.every((f) => existsSync(f))).toBe(true);

    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
    expect(await read(`SELECT count(*)::INTEGER AS n, count(DISTINCT trial)::INTEGER AS trials FROM '${parquet[1]}'`)).toEqual([{ n: 6, trials: 2 }]);
    expect(await read(`SELECT id, status FROM '${parquet[0]}' ORDER BY seed`)).toEqual([
      { id: a, status: 'done' },
      { id: b, status: 'done' },
      { id: c, status: 'pending' },
    ]);
    expect(await read(`SELECT count(*)::INTEGER AS n FROM read_csv('${csv[1]}')`)).toEqual([{ n: 6 }]);
    connection.closeSync();
    db.closeSync();
  });

  it("records each trial's code version (the one its id hashes), and exports it", async () => {
    const dir = await tempDir();
    const store = await SweepStore.open(dir);
    await store.addTrials(trials);
    expect((await store.trials()).map((t) => t.codeVersion)).toEqual(['v', 'v', 'v']);
    await store.close();
    const [trialsFile] = await exportSweep(dir, 'csv');
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const exported = (await connection.runAndReadAll(`SELECT DISTINCT code_version FROM read_csv('${trialsFile}')`)).getRowObjectsJS();
    expect(exported).toEqual([{ code_version: 'v' }]);
    connection.closeSync();
    db.closeSync();
  });

  it('reads a store written before trials recorded their code version, and upgrades it when it opens for writing', async () => {
    const dir = await tempDir();
    // The trials table as it was: STORE_DDL's, without code_version.
    const old = await DuckDBInstance.create(join(dir, STORE_FILE));
    const connection = await old.connect();
    await connection.run(STORE_DDL[0]!.replace(/,\s*code_version VARCHAR/, ''));
    await connection.run(STORE_DDL[1]!);
    await connection.run(`INSERT INTO trials VALUES ($1, 'old label', 'baseline', 0, '{"seed":0}', 'done', 1, 'h', NULL, NULL, 2.5, NULL, '{}')`, [a]);
    connection.closeSync();
    old.closeSync();

    const readOnly = await SweepStore.open(dir, { readOnly: true });
    expect(await readOnly.trials()).toEqual([expect.objectContaining({ id: a, label: 'old label', status: 'done', codeVersion: null })]);
    await readOnly.close();

    const store = await openStore(dir);
    await store.addTrials(trials);
    const stored = await store.trials();
    expect(stored.map((t) => [t.id, t.status, t.codeVersion])).toEqual(
      [
        [a, 'done', 'v'],
        [b, 'pending', 'v'],
        [c, 'pending', 'v'],
      ].sort(),
    );
    expect(stored.find((t) => t.id === a)!.label).toBe('baseline seed=0');
  });

  it('export says where to look when there is no store', async () => {
    await expect(exportSweep(join(await tempDir(), 'nothing'), 'csv')).rejects.toThrow(/no sweep store here; run the sweep first/);
  });
});
