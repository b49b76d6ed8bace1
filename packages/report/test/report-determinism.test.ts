// A report is reproducible: the same sweep and seed give the same files, byte for byte; the seed moves only the
// bootstrap intervals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '@clusterlens/report';

import { temporaryFolder } from './support/duckdb-files.js';
import { once } from './support/report-fixture.js';
import { writeSyntheticSweep } from './support/synthetic-sweep.js';

describe('report determinism', () => {
  const reports = once(async () => {
    const sweepDir = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'));
    const outs: Record<string, string> = {};
    for (const [name, seed] of [['a', 7], ['b', 7], ['other-seed', 8]] as const) {
      outs[name] = (await writeReport(sweepDir, { seed, nResamples: 2000, out: join(temporaryFolder(), name) })).out;
    }
    return outs;
  });

  const read = (out: string, file: string) => readFileSync(join(out, file));

  it('writes identical report.html, summary.md, figures and CSV tables for the same seed', async () => {
    const outs = await reports();
    for (const file of ['report.html', 'summary.md', 'figures/ari-over-training-baseline.svg', 'figures/ari-over-training-baseline.png', 'figures/intervention-iqm.svg', 'tables/claims.csv', 'tables/intervention-iqm.csv']) {
      expect(read(outs.a, file).equals(read(outs.b, file)), file).toBe(true);
    }
  });

  it('changes bootstrap intervals, and only those, with another seed', async () => {
    const outs = await reports();
    expect(read(outs.a, 'tables/claims.csv').equals(read(outs['other-seed'], 'tables/claims.csv'))).toBe(false);
    // Means and t intervals do not resample.
    expect(read(outs.a, 'tables/ari-curves.csv').equals(read(outs['other-seed'], 'tables/ari-curves.csv'))).toBe(true);
  });
});
