// C6's rule returns each of its verdicts: a two-sided t-test of the paired difference (Holm over one intervention's
// outcomes) reads positive, negative or null, and not assessed with fewer than 2 seed pairs; the bootstrap is shown
// beside the t-interval but does not decide.
import { describe, expect, it } from 'vitest';

import { claimsOf } from './support/claims-of.js';

describe('C6 verdicts', () => {
  it('positive, negative and null on one synthetic sweep, each with its test', async () => {
    const { C6 } = await claimsOf({ interventions: ['baseline', 'aux-loss'] });
    const of = (scope: string) => C6.findings.find((f) => f.scope === scope)!;
    expect(of('final ARI, top layer (train)').verdict).toBe('positive');
    expect(of('final ARI, top layer (train)').assessment).toBe('better');
    expect(of('steps to ARI ≥ 0.5, top layer (train)').verdict).toBe('negative');
    expect(of('steps to ARI ≥ 0.5, top layer (train)').assessment).toBe('better');
    expect(of('final accuracy (train)').verdict).toBe('null');
    const family = C6.findings[0].comparisons[0].familySize;
    expect(family).toBe(C6.findings.length);
    expect(of('final accuracy (train)').text).toContain(`Holm over ${family} comparisons: aux-loss - baseline ≠ 0: p = `);
    expect(C6.verdicts).toEqual([]);
  });

  it('not assessed with one seed pair', async () => {
    const { C6 } = await claimsOf({ interventions: ['baseline', 'aux-loss'], seeds: [3] });
    expect(C6.findings.length).toBeGreaterThan(0);
    for (const f of C6.findings) expect(f.verdict).toBe('not assessed');
  });
});
