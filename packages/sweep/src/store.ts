// The results store: one embedded DuckDB file per sweep, written only by the coordinator.
//
// Every write is a transaction, and writes that arrive while one commits are grouped into the next transaction
// (group commit), where the trial updates and metric rows of the whole group are applied together (see
// store-batch.ts). Commits and per-statement costs of about a millisecond would otherwise cap a sweep of
// short trials at a few hundred trials per second. Grouping never splits an operation, so a result's
// delete-then-insert is still all-or-nothing.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

import { STORE_DDL, STORE_FILE, STORED_METRIC_COLUMNS, type MetricRow, type StoredMetricRow, type TrialRow, type TrialStatus } from '@clusterlens/schema';

import { flatColumns, flatColumnSql } from './flatten-config.js';
import { canonicalJson, type JsonValue } from './json.js';
import type { PlannedTrial } from './plan.js';
import { checkRows } from './rows.js';
import { STAGING_SCHEMA, StagedWrites, type TrialUpdate } from './store-batch.js';

export type ExportFormat = 'parquet' | 'csv';

/** A row of `trials` (schema's `TrialRow`), its axis values JSON. */
export interface TrialRecord extends TrialRow {
  axes: Record<string, JsonValue>;
}

/** The columns of `trials` as `trials()` reads them; `codeVersion`: whether the store has that column. */
const trialColumns = (codeVersion: boolean) => `id, label, intervention, seed::DOUBLE AS seed, config::VARCHAR AS config, axes::VARCHAR AS axes, status,
  attempts, host, strftime(started_at, '%Y-%m-%d %H:%M:%S.%g') AS started_at,
  strftime(finished_at, '%Y-%m-%d %H:%M:%S.%g') AS finished_at, seconds, error, ${codeVersion ? 'code_version' : 'NULL::VARCHAR AS code_version'}`;

/** A statement-level operation, or a trial change that is staged and applied with the rest of its batch. */
type Operation = (
  | { run: (connection: DuckDBConnection) => Promise<unknown> }
  | { stage: (staged: StagedWrites) => void }
) & {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

export interface OpenStoreOptions {
  /** Open for reading while no sweep writes it (export, inspection); fails if the file does not exist. */
  readOnly?: boolean;
}

export class SweepStore {
  readonly file: string;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #queue: Operation[] = [];
  readonly #staged = new StagedWrites();
  /** False only for an older store opened read-only (a writable one gets the column when it opens). */
  readonly #hasCodeVersion: boolean;
  #draining = false;
  #closed = false;

  private constructor(file: string, instance: DuckDBInstance, connection: DuckDBConnection, hasCodeVersion: boolean) {
    this.file = file;
    this.#instance = instance;
    this.#connection = connection;
    this.#hasCodeVersion = hasCodeVersion;
  }

  /** Opens (creating if needed) `<dir>/sweep.duckdb`. DuckDB locks the file: one writer process at a time. */
  static async open(dir: string, options: OpenStoreOptions = {}): Promise<SweepStore> {
    const file = join(resolve(dir), STORE_FILE);
    if (options.readOnly && !existsSync(file)) {
      throw new Error(`${file}: no sweep store here; run the sweep first (clusterlens sweep run <spec.yaml> --out ${dir})`);
    }
    if (!options.readOnly) await mkdir(dir, { recursive: true });
    let instance: DuckDBInstance;
    try {
      // One DuckDB thread: the store's work is small, and the cores belong to the trials.
      instance = await DuckDBInstance.create(file, { threads: '1', ...(options.readOnly ? { access_mode: 'READ_ONLY' } : {}) });
    } catch (error) {
      const message = (error as Error).message;
      if (/lock/i.test(message)) throw new Error(`${file} is in use by another process (a sweep still running on this folder?): ${message}`);
      throw new Error(`${file}: cannot open the sweep store: ${message}`);
    }
    const connection = await instance.connect();
    if (!options.readOnly) for (const statement of [...STORE_DDL, STAGING_SCHEMA]) await connection.run(statement);
    const columns = await connection.runAndReadAll("SELECT 1 FROM duckdb_columns() WHERE table_name = 'trials' AND column_name = 'code_version'");
    return new SweepStore(file, instance, connection, columns.getRows().length > 0);
  }

  /**
   * Adds the planned trials that are not stored yet as pending, with the code version of their ids; refreshes the
   * labels of those that are (and fills in the code version of trials stored before it was recorded).
   */
  addTrials(trials: readonly PlannedTrial[]): Promise<void> {
    return this.#enqueue(async (c) => {
      const stored = new Map<string, string>();
      const reader = await c.runAndReadAll(
        "SELECT id, label || chr(0) || intervention || chr(0) || axes::VARCHAR || chr(0) || COALESCE(code_version, '') FROM trials",
      );
      for (const [id, key] of reader.getRows()) stored.set(String(id), String(key));
      const appender = await c.createAppender('trials');
      try {
        for (const t of trials) {
          const axes = canonicalJson(t.axes);
          const current = stored.get(t.id);
          if (current === undefined) {
            appender.appendVarchar(t.id);
            appender.appendVarchar(t.label);
            appender.appendVarchar(t.intervention);
            appender.appendBigInt(BigInt(t.seed));
            appender.appendVarchar(canonicalJson(t.config));
            appender.appendVarchar('pending');
            appender.appendInteger(0);
            for (let i = 0; i < 5; i++) appender.appendNull(); // host, started_at, finished_at, seconds, error
            appender.appendVarchar(axes);
            appender.appendVarchar(t.codeVersion);
            appender.endRow();
            stored.set(t.id, '');
          } else if (current !== `${t.label}\u0000${t.intervention}\u0000${axes}\u0000${t.codeVersion}`) {
            // Same config and code, new name (an intervention renamed): keep the result, show the new name. The id
            // hashes the code version, so a stored one can only be missing, never different.
            await c.run('UPDATE trials SET label = $2, intervention = $3, axes = $4::JSON, code_version = $5 WHERE id = $1', [
              t.id,
              t.label,
              t.intervention,
              axes,
              t.codeVersion,
            ]);
          }
        }
      } finally {
        appender.closeSync();
      }
    });
  }

  /** Trials marked running by a coordinator that died: nothing runs them now. */
  resetRunning(): Promise<number> {
    return this.#enqueue(async (c) => {
      const reader = await c.runAndReadAll(
        "UPDATE trials SET status = 'pending', error = 'interrupted: the sweep stopped while it ran' WHERE status = 'running' RETURNING id",
      );
      return reader.getRows().length;
    });
  }

  markRunning(id: string, host: string, startedAt: Date): Promise<void> {
    const update: TrialUpdate = { status: 'running', attempts: 1, start: { host, at: sqlTime(startedAt) }, finishedAt: null, seconds: null, error: null };
    return this.#stage((staged) => staged.update(id, update));
  }

  /** Replaces any earlier metrics of the trial with `rows` and marks it done, in one transaction. */
  recordResult(id: string, rows: readonly MetricRow[], timing: { finishedAt: Date; seconds: number; host?: string }): Promise<void> {
    let checked: MetricRow[];
    try {
      checked = checkRows({ rows });
    } catch (error) {
      return Promise.reject(error);
    }
    const update: TrialUpdate = {
      status: 'done',
      attempts: 0,
      finishedAt: sqlTime(timing.finishedAt),
      seconds: timing.seconds,
      error: null,
      ...(timing.host === undefined ? {} : { host: timing.host }),
    };
    return this.#stage((staged) => {
      staged.replaceMetrics(id, checked);
      staged.update(id, update);
    });
  }

  /** A failed attempt: `final` marks the trial failed; otherwise it waits, pending, for its retry. */
  recordFailure(id: string, failure: { error: string; finishedAt: Date; seconds: number; final: boolean }): Promise<void> {
    const update: TrialUpdate = {
      status: failure.final ? 'failed' : 'pending',
      attempts: 0,
      finishedAt: sqlTime(failure.finishedAt),
      seconds: failure.seconds,
      error: failure.error,
    };
    return this.#stage((staged) => staged.update(id, update));
  }

  /** The sweep stopped this trial (Ctrl-C): it is pending again and resumes from its checkpoint next run. */
  markInterrupted(id: string, reason: string): Promise<void> {
    const update: TrialUpdate = { status: 'pending', attempts: 0, finishedAt: null, seconds: null, error: reason };
    return this.#stage((staged) => staged.update(id, update));
  }

  /** Every stored trial, by id (DuckDB keeps no insertion order across updates). */
  trials(): Promise<TrialRecord[]> {
    return this.#enqueue(async (c) => {
      const reader = await c.runAndReadAll(`SELECT ${trialColumns(this.#hasCodeVersion)} FROM trials ORDER BY id`);
      return reader.getRowObjectsJS().map((r) => ({
        id: r.id as string,
        label: r.label as string,
        intervention: r.intervention as string,
        seed: r.seed as number,
        config: JSON.parse(r.config as string) as unknown,
        axes: JSON.parse(r.axes as string) as Record<string, JsonValue>,
        status: r.status as TrialStatus,
        attempts: r.attempts as number,
        host: (r.host as string | null) ?? null,
        startedAt: (r.started_at as string | null) ?? null,
        finishedAt: (r.finished_at as string | null) ?? null,
        seconds: (r.seconds as number | null) ?? null,
        error: (r.error as string | null) ?? null,
        codeVersion: (r.code_version as string | null) ?? null,
      }));
    });
  }

  /** Stored metric rows, of one trial or of all, by trial and in the order the trial reported them. */
  metrics(trial?: string): Promise<StoredMetricRow[]> {
    return this.#enqueue(async (c) => {
      const where = trial === undefined ? '' : 'WHERE trial = $1';
      const reader = await c.runAndReadAll(`SELECT ${STORED_METRIC_COLUMNS.join(', ')} FROM metrics ${where} ORDER BY trial, rowid`, trial === undefined ? [] : [trial]);
      return reader.getRowObjectsJS() as unknown as StoredMetricRow[];
    });
  }

  /**
   * Writes `trials.<ext>` and `metrics.<ext>` to `to` (each through a temporary file); returns their paths. With
   * `flatten`, trials also has a typed column `config.<path>` per config field (flatten-config.ts).
   */
  export(to: string, format: ExportFormat, options: { flatten?: boolean } = {}): Promise<string[]> {
    const copyOptions = format === 'parquet' ? 'FORMAT PARQUET' : 'FORMAT CSV, HEADER';
    return this.#enqueue(async (c) => {
      let flat = '';
      if (options.flatten) {
        const configs = (await c.runAndReadAll('SELECT config::VARCHAR AS config FROM trials')).getRowObjectsJS();
        flat = flatColumns(configs.map((r) => JSON.parse(r.config as string) as unknown)).map((column) => `, ${flatColumnSql(column)}`).join('');
      }
      const queries = {
        trials: `SELECT *${flat} FROM trials ORDER BY id`,
        metrics: 'SELECT * FROM metrics ORDER BY trial, step, split, layer NULLS FIRST, metric',
      };
      await mkdir(to, { recursive: true });
      const files: string[] = [];
      for (const [table, query] of Object.entries(queries)) {
        const file = join(resolve(to), `${table}.${format}`);
        const tmp = `${file}.tmp`;
        await rm(tmp, { force: true });
        await c.run(`COPY (${query}) TO '${tmp.replaceAll("'", "''")}' (${copyOptions})`);
        await rename(tmp, file);
        files.push(file);
      }
      return files;
    });
  }

  /** Waits for pending writes, checkpoints the WAL into the file and closes. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#enqueue(async () => undefined);
    this.#closed = true;
    try {
      await this.#connection.run('CHECKPOINT');
    } catch {
      // A read-only store has nothing to checkpoint.
    }
    this.#connection.closeSync();
    this.#instance.closeSync();
  }

  #enqueue<T>(run: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.#push({ run }) as Promise<T>;
  }

  #stage(stage: (staged: StagedWrites) => void): Promise<void> {
    return this.#push({ stage }) as Promise<void>;
  }

  #push(op: { run: (connection: DuckDBConnection) => Promise<unknown> } | { stage: (staged: StagedWrites) => void }): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error(`${this.file}: the store is closed`));
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...op, resolve, reject });
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0));
    } finally {
      this.#draining = false;
    }
  }

  /** Runs a batch in one transaction. If it fails, each operation runs alone, so only the faulty one fails. */
  async #commit(batch: Operation[]): Promise<void> {
    const c = this.#connection;
    const results: unknown[] = [];
    const staged = this.#staged;
    try {
      await c.run('BEGIN TRANSACTION');
      for (const op of batch) {
        if ('stage' in op) {
          op.stage(staged);
          results.push(undefined);
        } else {
          // A statement sees every staged change before it, as if each had been applied in order.
          if (!staged.empty) await staged.flush(c);
          results.push(await op.run(c));
        }
      }
      if (!staged.empty) await staged.flush(c);
      await c.run('COMMIT');
    } catch (error) {
      staged.clear();
      await c.run('ROLLBACK').catch(() => undefined);
      if (batch.length === 1) batch[0]!.reject(error);
      else for (const op of batch) await this.#commit([op]);
      return;
    }
    batch.forEach((op, i) => op.resolve(results[i]));
  }
}

/** DuckDB TIMESTAMP literal in UTC. */
function sqlTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
