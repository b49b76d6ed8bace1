// Sweeps the claims cannot fully speak to still give a report that says so; unusable input gives an error a
// user can act on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '@clusterlens/report';

import { temporaryFolder } from './support/duckdb-files.js';
import { syntheticReport } from './support/report-fixture.js';
import { writeSyntheticSweep } from './support/synthetic-sweep.js';

describe('report edge cases', () => {
  it('with one intervention and one seed: no intervals, "not assessed", no comparison figures', async () => {
    const report = await syntheticReport({ interventions: ['baseline'], seeds: [3] });
    const c1 = report.claims.find((c) => c.id === 'C1')!;
    expect(c1.findings[0].verdict).toBe('not assessed');
    expect(c1.findings[0].text).toContain('rise > 0.2: not tested (n=1, needs 2 seeds)');
    expect(c1.verdicts).toEqual([{ condition: 'baseline', verdict: 'not assessed', comparisons: 4, tested: 0, significant: 0 }]);
    const c6 = report.claims.find((c) => c.id === 'C6')!;
    expect(c6.notAssessed).toContain('single intervention');
    expect(report.figures.some((f) => f.includes('intervention-iqm'))).toBe(false);
    expect(report.figures).toContain(join(report.out, 'figures', 'ari-over-training.png'));
    expect(report.warnings).toEqual([expect.stringContaining('at least 5 seeds per condition; baseline has 1')]);
  });

  it('C7: compares cluster-guided with random selection, paired on seed and budget, named by the swept setting only', async () => {
    const report = await syntheticReport({
      interventions: ['cluster-64', 'random-64', 'cluster-128', 'random-128'],
      configFor: (intervention) => {
        const [selection, budget] = intervention.split('-');
        return { alignment: { selection, budget: Number(budget), steps: 50 } };
      },
    });
    const c7 = report.claims.find((c) => c.id === 'C7')!;
    expect(c7.findings.map((f) => f.scope)).toEqual(expect.arrayContaining(['final accuracy (train)', 'final accuracy (validation)']));
    expect(new Set(c7.findings.map((f) => f.condition))).toEqual(new Set(['cluster vs random (alignment.budget=64)', 'cluster vs random (alignment.budget=128)']));
    for (const f of c7.findings) expect(['positive', 'null', 'negative']).toContain(f.verdict);
  });

  it('warns that layer claims read block indices as residual layers when trials probe a block activation', async () => {
    const report = await syntheticReport({ interventions: ['baseline'], seeds: [0, 1], configFor: () => ({ probe: { hook: 'attn_out' } }) }, { nResamples: 100 });
    expect(report.warnings).toContainEqual(expect.stringContaining('trials probe block activations (probe.hook attn_out)'));
    const residual = await syntheticReport({ interventions: ['baseline'], seeds: [0, 1], configFor: () => ({ probe: { hook: 'resid' } }) }, { nResamples: 100 });
    expect(residual.warnings.some((w) => w.includes('block activations'))).toBe(false);
  });

  it('describes fixed suites (data.seed set) and a store without evaluation sizes', async () => {
    const report = await syntheticReport({ interventions: ['baseline'], seeds: [0, 1], dataSeed: () => 7, instances: () => NaN }, { nResamples: 100 });
    const summary = readFileSync(report.summary, 'utf8');
    expect(summary).toContain('Task suites: fixed (data.seed = 7 in every trial: one suite, intervals cover training randomness only).');
    expect(summary).toContain("Evaluation set sizes: not recorded (no 'instances' metric");
    // A suite seed that differs by seed is a design (suites per seed), not a warning that seeds are not repeats.
    const perSeed = await syntheticReport({ interventions: ['baseline'], seeds: [0, 1], dataSeed: (_, seed) => 100 + seed }, { nResamples: 100 });
    expect(readFileSync(perSeed.summary, 'utf8')).toContain('Task suites: one per trial (data.seed set to 2 different values: 100, 101).');
    expect(perSeed.warnings.some((w) => w.includes('data.seed'))).toBe(false);
  });

  it('checks the verdict thresholds, naming the option', async () => {
    const sweepDir = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'), { interventions: ['baseline'], seeds: [0, 1] });
    await expect(writeReport(sweepDir, { seed: 0, thresholds: { alpha: 0 } })).rejects.toThrow(/thresholds\.alpha \(--alpha\): expected a number strictly between 0 and 1/);
    await expect(writeReport(sweepDir, { seed: 0, thresholds: { c1LateChange: -1 } })).rejects.toThrow(/thresholds\.c1LateChange \(--c1-late-change\): expected a margin > 0/);
    await expect(writeReport(sweepDir, { seed: 0, thresholds: { c4MinGap: Number.NaN } })).rejects.toThrow(/thresholds\.c4MinGap \(--c4-min-gap\): expected a number/);
  });

  it('names a missing store and the command that makes one', async () => {
    await expect(writeReport(temporaryFolder(), { seed: 0 })).rejects.toThrow(/no sweep store here; run the sweep first \(clusterlens sweep run/);
  });

  it('names an unknown baseline and the interventions there are', async () => {
    const sweepDir = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'));
    await expect(writeReport(sweepDir, { seed: 0, baseline: 'nope' })).rejects.toThrow(/no intervention named 'nope' in this sweep \(it has baseline, aux-loss\)/);
  });

  it('requires a seed', async () => {
    const sweepDir = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'));
    await expect(writeReport(sweepDir, { seed: -1 })).rejects.toThrow(/seed: expected a non-negative integer/);
  });
});
