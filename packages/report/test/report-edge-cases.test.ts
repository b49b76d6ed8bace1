// Sweeps the claims cannot fully speak to still give a report that says so; unusable input gives an error a
// user can act on.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '@clusterlens/report';

import { temporaryFolder } from './support/duckdb-files.js';
import { syntheticReport } from './support/report-fixture.js';
import { writeSyntheticSweep } from './support/synthetic-sweep.js';

describe('report edge cases', () => {
  it('with one intervention and one seed: no intervals, "not enough seeds", no comparison figures', async () => {
    const report = await syntheticReport({ interventions: ['baseline'], seeds: [3] });
    const c1 = report.claims.find((c) => c.id === 'C1')!;
    expect(c1.findings[0].verdict).toBe('not enough seeds');
    const c6 = report.claims.find((c) => c.id === 'C6')!;
    expect(c6.notAssessed).toContain('single intervention');
    expect(report.figures.some((f) => f.includes('intervention-iqm'))).toBe(false);
    expect(report.figures).toContain(join(report.out, 'figures', 'ari-over-training.png'));
    expect(report.warnings).toEqual([expect.stringContaining('at least 5 seeds per condition; baseline has 1')]);
  });

  it('C7: compares cluster-guided with random selection, paired on seed and budget', async () => {
    const report = await syntheticReport({
      interventions: ['aux-loss', 'baseline'],
      configFor: (intervention) => ({ alignment: { selection: intervention === 'aux-loss' ? 'cluster' : 'random', budget: 64 } }),
    });
    const c7 = report.claims.find((c) => c.id === 'C7')!;
    expect(c7.findings.map((f) => f.scope)).toEqual(expect.arrayContaining(['final accuracy (train)', 'final accuracy (validation)']));
    expect(c7.findings[0].condition).toBe('cluster vs random (alignment.budget=64)');
    for (const f of c7.findings) expect(['positive', 'null', 'negative']).toContain(f.verdict);
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
