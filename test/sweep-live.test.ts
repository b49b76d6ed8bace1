// A running sweep read from outside, through the built CLI: while the coordinator holds the store, `sweep status`
// shows the finished and running trials (with the running one's latest metrics) and `report` covers what has
// finished; every trial's rows are in its live metrics.jsonl, equal to what the store records.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseMetricsLog, parseSweepStatus, type SweepStatus } from '@clusterlens/schema';

import { runCli, startCli, type CliProcess } from './support/cli.js';
import { readStore } from './support/store.js';

// The first trial is short; the second long enough to be read while it runs, then stopped.
const SPEC = `name: live
base:
  model: { nLayer: 1, nHead: 2, nEmbd: 16 }
  training: { batchSize: 8 }
  evaluation: { every: 20, early: 0, instancesPerSplit: 16, splits: [train], kmeans: { nInit: 1 } }
  checkpoint: { every: 20 }
axes:
  training.steps: [40, 100000]
seeds: [0]
`;

let work: string;
let dir: string;
let coordinator: CliProcess;
/** The coordinator's status once the short trial is done and the long one has reported an evaluation. */
let midway: SweepStatus;

function statusNow(): SweepStatus | undefined {
  const file = join(dir, 'status.json');
  return existsSync(file) ? parseSweepStatus(readFileSync(file, 'utf8')) : undefined;
}

const trialLog = (id: string) => join(dir, 'checkpoints', id, 'metrics.jsonl');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'clusterlens-live-sweep-'));
  dir = join(work, 'run');
  await writeFile(join(work, 'spec.yaml'), SPEC);
  coordinator = startCli(['sweep', 'run', 'spec.yaml', '--out', dir, '--concurrency', '1', '--threads', '1', '--no-progress'], { cwd: work });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = statusNow();
    const long = status?.running[0];
    if (status && status.progress.done === 1 && long && existsSync(trialLog(long.id)) && parseMetricsLog(readFileSync(trialLog(long.id), 'utf8')).some((r) => r.step > 0)) {
      midway = status;
      break;
    }
    if (coordinator.child.exitCode !== null || Date.now() > deadline) throw new Error(`the sweep did not reach the long trial:\n${coordinator.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 150_000);

afterAll(async () => {
  if (coordinator?.child.exitCode === null) {
    coordinator.child.kill('SIGINT');
    await coordinator.exited;
  }
});

describe('a running sweep', () => {
  it('status.json names the running trial and counts the finished one', () => {
    expect(midway.state).toBe('running');
    expect(midway.running.map((r) => r.label)).toEqual(['baseline training.steps=100000 seed=0']);
    expect(midway.trials.map((t) => [t.label, t.status]).sort()).toEqual([
      ['baseline training.steps=100000 seed=0', 'running'],
      ['baseline training.steps=40 seed=0', 'done'],
    ]);
  });

  it('sweep status shows the running trial with its latest train ARI from its metrics file', () => {
    const { status, stdout } = runCli(['sweep', 'status', dir]);
    expect(status).toBe(0);
    expect(stdout).toContain('coordinator running');
    expect(stdout).toContain('2 trials: 1 done, 1 running, 0 failed, 0 pending');
    const id = midway.running[0]!.id;
    // The latest top-layer train ARI the file held when status ran: the file only grows, so it is one of its rows.
    const line = stdout.split('\n').find((l) => l.startsWith('baseline training.steps=100000 seed=0'))!;
    const [, step, ari] = /\s(\d+)\s+\S+\s+(-?\d\.\d{3}) \(layer 1\)/.exec(line)!;
    const rows = parseMetricsLog(readFileSync(trialLog(id), 'utf8'));
    const match = rows.find((r) => r.step === Number(step) && r.split === 'train' && r.metric === 'ari' && r.layer === 1)!;
    expect(match.value.toFixed(3)).toBe(ari);
  });

  it('report covers the finished trial and says the sweep was still running', async () => {
    const out = join(work, 'report');
    const { status, stderr } = runCli(['report', dir, '--out', out]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const summary = await readFile(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/the sweep was still running .*covers the 1 of 2 trials done/);
  });

  it('after a stop the store has the finished trial with exactly the rows of its metrics file', async () => {
    coordinator.child.kill('SIGINT');
    expect(await coordinator.exited).toBe(130);
    expect(statusNow()?.state).toBe('stopped');
    const { trials, metrics } = await readStore(dir);
    const done = trials.find((t) => t.status === 'done')!;
    const stored = metrics.filter((m) => m.trial === done.id).map(({ trial, ...row }) => ({ trial, ...row }));
    const logged = parseMetricsLog(readFileSync(trialLog(done.id), 'utf8'));
    expect(logged).toEqual(stored);
    expect(logged.length).toBeGreaterThan(0);
  });

  it('sweep status reads the store once the coordinator has stopped', () => {
    const { status, stdout } = runCli(['sweep', 'status', dir]);
    expect(status).toBe(0);
    expect(stdout).toContain('no coordinator running');
    expect(stdout).toContain('2 trials: 1 done, 0 running, 0 failed, 1 pending');
  });
});
