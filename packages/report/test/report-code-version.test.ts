// The version of the code that ran each trial (the store's code_version) is part of the sweep's description in
// summary.md and report.html; a store written before trials recorded it still reads, without the line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrials } from '@clusterlens/report';
import { STORE_FILE } from '@clusterlens/schema';

import { temporaryFolder } from './support/duckdb-files.js';
import { syntheticReport } from './support/report-fixture.js';
import { writeSyntheticSweep } from './support/synthetic-sweep.js';

const SMALL = { interventions: ['baseline'], seeds: [0, 1, 2] };

describe('code versions', () => {
  it('are read from the trials table, and are null in a store without the column', async () => {
    const current = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'), { ...SMALL, codeVersion: (_, seed) => (seed === 2 ? null : `v${seed}`) });
    expect((await readTrials(join(current, STORE_FILE))).map((t) => t.codeVersion)).toEqual(['v0', 'v1', null]);
    const older = await writeSyntheticSweep(join(temporaryFolder(), 'sweep'), { ...SMALL, withoutCodeVersionColumn: true });
    expect((await readTrials(join(older, STORE_FILE))).map((t) => t.codeVersion)).toEqual([null, null, null]);
  });

  it('describe the sweep in summary.md and report.html: one version', async () => {
    const report = await syntheticReport({ ...SMALL, codeVersion: () => '3f2a9c1d0b7e4a55' }, { nResamples: 200 });
    expect(readFileSync(report.summary, 'utf8')).toContain('evaluation steps from 0 to 800; code version: 3f2a9c1d0b7e4a55.');
    expect(readFileSync(report.html, 'utf8')).toContain('evaluation steps from 0 to 800; code version: 3f2a9c1d0b7e4a55.');
    const trials = readFileSync(join(report.out, 'tables', 'trials.csv'), 'utf8').trim().split('\n');
    expect(trials[0].endsWith(',codeVersion')).toBe(true);
    expect(trials.slice(1).every((line) => line.endsWith(',3f2a9c1d0b7e4a55'))).toBe(true);
  });

  it('describe the sweep: each version with its number of trials when trials differ', async () => {
    const report = await syntheticReport({ ...SMALL, withFailedTrial: true, codeVersion: (_, seed) => (seed < 2 ? 'aaaa' : 'bbbb') }, { nResamples: 200 });
    expect(readFileSync(report.summary, 'utf8')).toContain('; code versions: aaaa (2 trials), bbbb (2 trials).');
  });

  it('are left out of the description when the store does not record them', async () => {
    const report = await syntheticReport({ ...SMALL, withoutCodeVersionColumn: true }, { nResamples: 200 });
    expect(readFileSync(report.summary, 'utf8')).not.toContain('code version');
    expect(readFileSync(report.html, 'utf8')).not.toContain('code version');
  });
});
