// Seeds trained as ensemble jobs through the sweep, end to end: a sweep whose registration groups its seeds
// (sweepEnsemble, here on 'cpu') stores the metrics and checkpoints of the same sweep run trial by trial, bit for
// bit; the clusterlens registration groups seeds on 'cuda' (as its plan says), and on a machine without a GPU their
// job fails at once with the reason, then each trial alone, and none is retried further.
import { readFile } from 'node:fs/promises';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { ensembleKey, parseTrialConfig, trialCodeVersion } from '@clusterlens/experiment';
import { usableDevices } from '@clusterlens/model';
import { registerTrialFunction, runSweep, type SweepProgress } from '@clusterlens/sweep';

import { runCli } from './support/cli.js';
import { readStore } from './support/store.js';

const BASE = {
  model: { nLayer: 1, nHead: 2, nEmbd: 16 },
  training: { steps: 40, batchSize: 8 },
  evaluation: { every: 20, early: 0, instancesPerSplit: 16, splits: ['train', 'validation'], kmeans: { nInit: 1 } },
  probe: { saveRepresentations: false },
  checkpoint: { every: 20 },
};
const SPEC = { name: 'seeds', trial: 'clusterlens-grouped', base: BASE, seeds: { count: 3 } };

beforeAll(() => {
  const trial = { module: import.meta.resolve('@clusterlens/experiment'), export: 'sweepTrial', codeVersion: trialCodeVersion() };
  registerTrialFunction('clusterlens-alone', trial);
  const groupKey = (config: unknown) => ensembleKey(parseTrialConfig(config));
  registerTrialFunction('clusterlens-grouped', { ...trial, ensemble: { export: 'sweepEnsemble', groupKey } });
});

describe('a seed sweep as ensemble jobs', () => {
  it('stores the metrics and checkpoints of the sweep run trial by trial', async () => {
    const [alone, grouped] = [await mkdtemp(join(tmpdir(), 'clusterlens-alone-')), await mkdtemp(join(tmpdir(), 'clusterlens-grouped-'))];
    await runSweep({ ...SPEC, trial: 'clusterlens-alone' }, { dir: alone, concurrency: 1 });
    const messages = new Set<string>();
    const onProgress = (p: SweepProgress) => p.running.forEach((r) => r.message && messages.add(r.message));
    const result = await runSweep(SPEC, { dir: grouped, concurrency: 1, onProgress });
    expect(result).toMatchObject({ done: 3, failed: 0 });
    expect([...messages].some((m) => m.startsWith('3 seeds together: '))).toBe(true);
    const [a, g] = [await readStore(alone), await readStore(grouped)];
    expect(g.trials.map((t) => t.id).sort()).toEqual(a.trials.map((t) => t.id).sort());
    const byKey = (rows: typeof a.metrics) => [...rows].sort((x, y) => `${x.trial}${x.split}${x.layer}${x.step}${x.metric}`.localeCompare(`${y.trial}${y.split}${y.layer}${y.step}${y.metric}`));
    expect(byKey(g.metrics)).toEqual(byKey(a.metrics));
    for (const { id } of a.trials) {
      const checkpoint = (dir: string) => readFile(join(dir, 'checkpoints', id, 'trial.safetensors'));
      expect((await checkpoint(grouped)).equals(await checkpoint(alone)), id).toBe(true);
    }
  });
});

describe("the clusterlens sweep's plan", () => {
  it("says how many trials on 'cuda' run as ensemble jobs", async () => {
    const work = await mkdtemp(join(tmpdir(), 'clusterlens-cuda-plan-'));
    const spec = `name: cuda\nbase:\n  training: { steps: 10, device: cuda }\ninterventions:\n  a: {}\n  b: { training: { loss: all } }\n  cpu: { training: { device: cpu } }\nseeds: { count: 3 }\n`;
    await writeFile(join(work, 'spec.yaml'), spec);
    const { status, stdout } = runCli(['sweep', 'plan', 'spec.yaml'], { cwd: work });
    expect(status).toBe(0);
    expect(stdout).toContain('6 trials run as 2 ensemble jobs (seeds of one config in lock-step on the GPU)');
  });
});

describe.runIf(!usableDevices().includes('cuda'))("the clusterlens sweep's seeds on 'cuda' without a GPU", () => {
  it('fail as one job, then each alone, saying why, and are not retried further', async () => {
    const work = await mkdtemp(join(tmpdir(), 'clusterlens-cuda-sweep-'));
    await writeFile(join(work, 'spec.yaml'), `name: cuda\nbase:\n  training: { steps: 10, batchSize: 4, device: cuda }\nseeds: { count: 2 }\n`);
    const { status, stdout } = runCli(['sweep', 'run', 'spec.yaml', '--out', 'out', '--no-progress'], { cwd: work });
    expect(status).not.toBe(0);
    expect(stdout).toMatch(/0 trials done in .*, 2 failed/);
    expect(stdout.match(/training\.device 'cuda': this process sees no CUDA device|training\.device 'cuda': this build of the engine has no CUDA kernels/g)).toHaveLength(2);
    const { trials } = await readStore(join(work, 'out'));
    expect(trials.map((t) => t.attempts)).toEqual([2, 2]);
  });
});
