// Probing a pre-trained GPT-2 (init.from with training.steps 0) through the built CLI: `clusterlens sweep run` stores
// its step-0 rows, init.sha256 (the spec's, or the weights' hash when the spec leaves it out) pinning the weights into
// each trial's config and id, and `clusterlens report` reads C5 from them: C2's depth comparisons at the only step, C1 not assessed for want of a curve.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeTinyGpt2 } from '../packages/experiment/test/support/tiny-gpt2.js';
import { runCli } from './support/cli.js';
import { readStore } from './support/store.js';

const work = mkdtempSync(join(tmpdir(), 'clusterlens-pretrained-probe-'));
const modelDir = join(work, 'gpt2');
let sha256: string;
let sweep: ReturnType<typeof runCli>;
let report: ReturnType<typeof runCli>;

const spec = (pinned: string) => `name: pretrained-probe
base:
  init: { from: ${modelDir}, sha256: ${pinned} }
  data: { kind: natural, vocabulary: gpt2 }
  training: { steps: 0, batchSize: 4 }
  evaluation: { every: 1, early: 0, instancesPerSplit: 24, splits: [train, validation], kmeans: { nInit: 1 } }
seeds: [0, 1]
`;

beforeAll(async () => {
  await writeTinyGpt2(modelDir, 3);
  sha256 = createHash('sha256').update(readFileSync(join(modelDir, 'model.safetensors'))).digest('hex');
  writeFileSync(join(work, 'spec.yaml'), spec(sha256));
  writeFileSync(join(work, 'stale.yaml'), spec('f'.repeat(64)));
  sweep = runCli(['sweep', 'run', 'spec.yaml', '--out', 'sweep', '--concurrency', '1', '--threads', '1', '--no-progress'], { cwd: work });
  report = runCli(['report', 'sweep', '--seed', '1'], { cwd: work });
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a sweep that probes a pre-trained GPT-2', () => {
  it('stores each trial with the hash of the weights it loaded, and rows of step 0 only', async () => {
    expect(sweep.status, sweep.stderr).toBe(0);
    const { trials, metrics } = await readStore(join(work, 'sweep'));
    expect(trials.map((t) => t.status)).toEqual(['done', 'done']);
    for (const trial of trials) expect((trial.config as { init: unknown }).init).toEqual({ from: modelDir, sha256 });
    expect(metrics.length).toBeGreaterThan(0);
    expect(new Set(metrics.map((m) => m.step))).toEqual(new Set([0]));
  });

  it('does not plan a spec whose init.sha256 the weights do not have', () => {
    const planned = runCli(['sweep', 'plan', 'stale.yaml'], { cwd: work });
    expect(planned.status).not.toBe(0);
    expect(planned.stderr).toMatch(/init\.sha256: f{64} is not the sha256 of .*model\.safetensors \([0-9a-f]{64}\): the weights changed/);
  });

  it('without init.sha256, plans each trial with the hash of the weights, so new weights at the same path make new trials', async () => {
    const unpinned = join(work, 'unpinned');
    await writeTinyGpt2(unpinned, 3);
    writeFileSync(join(work, 'unpinned.yaml'), `name: unpinned\nbase:\n  init: { from: ${unpinned} }\n  data: { kind: natural, vocabulary: gpt2 }\nseeds: [0]\n`);
    const planned = () => {
      const run = runCli(['sweep', 'plan', 'unpinned.yaml', '--json'], { cwd: work });
      expect(run.status, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { id: string; config: { init: unknown } }[])[0];
    };
    const first = planned();
    expect(first.config.init).toEqual({ from: unpinned, sha256 });
    await writeTinyGpt2(unpinned, 4);
    const second = planned();
    expect((second.config.init as { sha256: string }).sha256).not.toBe(sha256);
    expect(second.id).not.toBe(first.id);
  });

  it('is reported under C5: C1 not assessed without a curve, C2 tested over depth at the only step', () => {
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^ {2}C5 \[baseline\] train: top-layer ARI .* at step 0, the only step; not assessed: C1 needs a training curve.* => not assessed$/m);
    expect(report.stdout).toMatch(/^ {2}C5 \[baseline\] train: final ARI by layer 0: .*slope over layers 1\.\.2 .*p = .*layer 0 change over training not measured.* => (supported|partly supported|not supported)$/m);
    expect(report.stdout).toMatch(/^ {2}C5 verdict \[baseline\]: .*\(\d of 4 comparisons significant after Holm\)$/m);
  });
});
