// Sweeps across machines: a coordinator and queue workers talking through a real redis-server.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, startCli, type CliProcess } from './support/cli.js';
import { startRedis, type RedisServer } from './support/redis.js';
import { duplicateMetricKeys, readStore } from './support/store.js';

const PASSWORD = 'p@ss/w:rd-7';

// Trials of a few tenths of a second each: long enough that a kill lands inside one.
const spec = (name: string, seeds: number) => `name: ${name}
base:
  model: { nLayer: 1, nHead: 2, nEmbd: 16 }
  training: { steps: 200, batchSize: 8 }
  evaluation: { every: 30, early: 0, instancesPerSplit: 16, splits: [train, validation], kmeans: { nInit: 1 } }
  checkpoint: { every: 50 }
interventions:
  output: { training: { loss: output } }
  all: { training: { loss: all } }
seeds: { count: ${seeds}, start: 0 }
`;

let redis: RedisServer;
let work: string;
const processes: CliProcess[] = [];

function worker(queue: string, extra: string[] = []): CliProcess {
  const p = startCli(['worker', '--redis', redis.url, '--queue', queue, '--threads', '1', '--concurrency', '1', '--workdir', join(work, 'worker'), '--lock-seconds', '2', ...extra], { cwd: work });
  processes.push(p);
  return p;
}

function coordinator(specFile: string, queue: string, out: string): CliProcess {
  const p = startCli(['sweep', 'run', specFile, '--redis', redis.url, '--queue', queue, '--out', out, '--no-progress'], { cwd: work });
  processes.push(p);
  return p;
}

beforeAll(async () => {
  redis = await startRedis({ password: PASSWORD });
  work = await mkdtemp(join(tmpdir(), 'clusterlens-redis-'));
});

afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await redis?.stop();
});

describe('sweeps over Redis', () => {
  it('two workers, one killed with SIGKILL mid-trial: every one of 40 trials is stored exactly once', async () => {
    const specFile = join(work, 'forty.yaml');
    await writeFile(specFile, spec('forty', 20));
    const out = join(work, 'forty');
    const run = coordinator(specFile, 'forty', out);
    const a = worker('forty');
    const b = worker('forty');
    // Kill worker A inside its third trial.
    await a.waitFor(/(?:start [0-9a-f]{16}[\s\S]*){3}/);
    a.child.kill('SIGKILL');
    await a.exited;
    const killedIn = [...a.output().matchAll(/start ([0-9a-f]{16})/g)].pop()![1];
    const wasRunning = !a.output().includes(`done ${killedIn}`);
    expect(await run.exited).toBe(0);
    // The trial the killed worker held went back to the queue once its lock expired, and the other worker ran it.
    if (wasRunning) expect(b.output()).toContain(`start ${killedIn}`);
    b.child.kill('SIGTERM');
    await b.exited;

    const { trials, metrics } = await readStore(out);
    expect(trials).toHaveLength(40);
    expect(trials.every((t) => t.status === 'done')).toBe(true);
    expect(duplicateMetricKeys(metrics)).toBe(0);
    const perTrial = new Map<string, number>();
    for (const m of metrics) perTrial.set(m.trial, (perTrial.get(m.trial) ?? 0) + 1);
    expect(perTrial.size).toBe(40);
    // Both interventions evaluate the same things, so every trial has the same number of rows.
    expect(new Set(perTrial.values()).size).toBe(1);
    for (const p of [run, a, b]) expect(p.output()).not.toContain(PASSWORD);
  });

  it('a coordinator killed and restarted collects what the workers finished meanwhile and re-runs nothing', async () => {
    const specFile = join(work, 'restart.yaml');
    await writeFile(specFile, spec('restart', 4));
    const out = join(work, 'restart');
    const w = worker('restart');
    const first = coordinator(specFile, 'restart', out);
    await w.waitFor(/done [0-9a-f]{16}[\s\S]*done [0-9a-f]{16}/);
    first.child.kill('SIGKILL');
    await first.exited;
    // All 8 jobs were enqueued before the kill: the worker finishes them while no coordinator listens.
    await w.waitFor(/(?:done [0-9a-f]{16}[\s\S]*){8}/);
    const second = coordinator(specFile, 'restart', out);
    expect(await second.exited).toBe(0);
    w.child.kill('SIGTERM');
    await w.exited;
    const starts = (w.output().match(/start [0-9a-f]{16}/g) ?? []).length;
    expect(starts).toBe(8); // each of the 8 trials ran once on the worker
    const { trials } = await readStore(out);
    expect(trials.filter((t) => t.status === 'done')).toHaveLength(8);
  });

  it('TLS with a password (rediss://) works end to end', async () => {
    const tls = await startRedis({ password: PASSWORD, tls: true });
    try {
      const specFile = join(work, 'tls.yaml');
      await writeFile(specFile, spec('tls', 1));
      const out = join(work, 'tls');
      const w = startCli(['worker', '--redis', tls.url, '--redis-ca', tls.caFile!, '--queue', 'tls', '--workdir', join(work, 'tls-worker')], { cwd: work });
      processes.push(w);
      const result = runCli(['sweep', 'run', specFile, '--redis', tls.url, '--redis-ca', tls.caFile!, '--queue', 'tls', '--out', out, '--no-progress'], { cwd: work });
      expect(result.stderr + result.stdout).not.toContain(PASSWORD);
      expect(result.status).toBe(0);
      w.child.kill('SIGTERM');
      await w.exited;
      const { trials } = await readStore(out);
      expect(trials.map((t) => t.status)).toEqual(['done', 'done']);
    } finally {
      await tls.stop();
    }
  });

  it('an unreachable Redis is reported within 5 seconds, without the password', () => {
    const started = Date.now();
    const result = runCli(['sweep', 'run', join(work, 'forty.yaml'), '--redis', `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:1`, '--out', join(work, 'nowhere')], { cwd: work });
    expect(Date.now() - started).toBeLessThan(5000 + 2000); // 5 s budget plus the CLI's start-up
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot reach Redis at redis:\/\/(\*\*\*)?:\*\*\*@127\.0\.0\.1:1/);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('a worker whose trials keep failing stops taking work (circuit breaker)', async () => {
    const specFile = join(work, 'broken.yaml');
    // Valid, yet every trial fails while it runs: a learning rate this large makes the loss overflow.
    await writeFile(specFile, spec('broken', 3).replace('base:\n', 'base:\n  optimizer: { lr: 1.0e+30, warmupSteps: 0, gradClip: 0 }\n'));
    const out = join(work, 'broken');
    const w = worker('broken', ['--max-failures', '3']);
    const run = coordinator(specFile, 'broken', out);
    expect(await w.exited).toBe(3);
    expect(w.output()).toMatch(/stopping: 3 trials failed in a row/);
    run.child.kill('SIGINT');
    await run.exited;
  });
});
