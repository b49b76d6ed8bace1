// The coordinator's status file (@clusterlens/schema's sweep status): rewritten after changes, never more often than
// once a second nor than ten times the cost of the last write, so a sweep of many trials does not spend its time on it.
import { rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

import { STATUS_FILE, STATUS_FORMAT, type SweepStatus } from '@clusterlens/schema';

import type { SweepProgress } from './progress.js';
import type { TrialRecord } from './store.js';

const MIN_INTERVAL_MS = 1000;
const COST_FACTOR = 10;

export interface LiveStatusSource {
  progress(): SweepProgress;
  trials(): Promise<TrialRecord[]>;
}

export class LiveStatus {
  readonly #file: string;
  readonly #source: LiveStatusSource;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #last = 0;
  #cost = 0;
  #closed = false;

  constructor(dir: string, source: LiveStatusSource) {
    this.#file = join(dir, STATUS_FILE);
    this.#source = source;
  }

  /** Something changed: a write is scheduled unless one already is. */
  changed(): void {
    if (this.#timer || this.#closed) return;
    const wait = Math.max(0, this.#last + Math.max(MIN_INTERVAL_MS, COST_FACTOR * this.#cost) - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#writing = this.#writing.then(() => this.#write('running'));
    }, wait);
    this.#timer.unref();
  }

  /** The last snapshot, after every pending one: the coordinator is done ('finished') or was stopped. */
  async close(state: 'finished' | 'stopped'): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#writing;
    await this.#write(state);
  }

  async #write(state: SweepStatus['state']): Promise<void> {
    const started = Date.now();
    try {
      const progress = this.#source.progress();
      const status: SweepStatus = {
        format: STATUS_FORMAT,
        version: 1,
        state,
        updatedAt: new Date().toISOString(),
        coordinator: { host: hostname(), pid: process.pid },
        progress: {
          total: progress.total,
          skipped: progress.skipped,
          done: progress.done,
          failed: progress.failed,
          pending: progress.pending,
          elapsedSeconds: progress.elapsedSeconds,
          ...(progress.etaSeconds === undefined ? {} : { etaSeconds: progress.etaSeconds }),
        },
        running: progress.running.map((r) => ({ ...r, startedAt: new Date(r.startedAt).toISOString() })),
        trials: await this.#source.trials(),
      };
      const partial = `${this.#file}.${process.pid}.tmp`;
      await writeFile(partial, `${JSON.stringify(status)}\n`);
      await rename(partial, this.#file);
    } catch (error) {
      // The status file is a convenience for readers; a failed write must never stop a sweep.
      process.emitWarning(`could not write ${this.#file}: ${(error as Error).message}`);
    } finally {
      this.#last = Date.now();
      this.#cost = this.#last - started;
    }
  }
}
