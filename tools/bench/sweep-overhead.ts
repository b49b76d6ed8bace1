// Sweep overhead: 1000 trials that do nothing, through the whole local path (plan, DuckDB store, piscina
// workers, progress, result recording). What is left is the cost the sweep adds to every trial; the goal is
// at least 200 trials/s, so that the sweep never matters next to trials of a second or more.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import { LocalExecutor, registerTrialFunction, runSweep, SweepStore } from '@clusterlens/sweep';

import { printTable, type ResultRow } from './table.js';

const TRIALS = 1000;
const GOAL_PER_SECOND = 200;

// A real trial module on disk, imported by the workers as any trial module would be.
const NOOP_TRIAL = `export async function noop(config) {
  return { rows: [{ split: 'train', layer: null, step: 0, metric: 'seed', value: config.seed }] };
}
`;

export async function benchSweepOverhead(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'clusterlens-sweep-bench-'));
  try {
    const module = join(dir, 'noop-trial.mjs');
    await writeFile(module, NOOP_TRIAL);
    registerTrialFunction('bench-noop', { module: pathToFileURL(module).href, export: 'noop', codeVersion: 'bench' });
    const spec = { name: 'overhead', trial: 'bench-noop', seeds: { count: TRIALS } };
    const concurrency = Math.min(2, availableParallelism());
    const rows: ResultRow[] = [];

    for (const run of ['first run', 'second run (all done)']) {
      const executor = new LocalExecutor({ concurrency });
      const start = performance.now();
      const result = await runSweep(spec, { dir: join(dir, 'sweep'), executor });
      const seconds = (performance.now() - start) / 1000;
      await executor.close();
      if (run === 'first run') {
        if (result.done !== TRIALS) throw new Error(`expected ${TRIALS} trials done, got ${result.done} (failures: ${JSON.stringify(result.failures.slice(0, 3))})`);
        rows.push({ name: `${TRIALS} no-op trials, ${concurrency} workers`, value: TRIALS / seconds, unit: 'trials/s', ratio: TRIALS / seconds / GOAL_PER_SECOND });
        rows.push({ name: 'per trial', value: (seconds * 1000) / TRIALS, unit: 'ms' });
      } else {
        if (result.skipped !== TRIALS) throw new Error(`the second run re-ran ${TRIALS - result.skipped} finished trials`);
        rows.push({ name: 'resume check of a finished sweep', value: seconds * 1000, unit: 'ms' });
      }
    }

    const store = await SweepStore.open(join(dir, 'sweep'), { readOnly: true });
    const stored = await store.metrics();
    await store.close();
    if (stored.length !== TRIALS) throw new Error(`expected ${TRIALS} stored rows, found ${stored.length}`);
    printTable(`sweep overhead (ratio: against the goal of ${GOAL_PER_SECOND} trials/s)`, rows);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
