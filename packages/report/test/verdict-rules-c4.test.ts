// C4's rule returns each of its verdicts: per unseen split, the within-task accuracy gap (clusters matched one-to-one
// to tasks) must exceed c4MinGap; seeds whose gap is undefined are named with their counts, never dropped silently.
import { describe, expect, it } from 'vitest';

import { claimsOf, verdicts } from './support/claims-of.js';
import type { ClusterAccuracy } from './support/synthetic-sweep.js';

const SPLITS = ['train', 'validation', 'unseen-distribution'];

/** A gap of about `gap` (±0.02 across seeds), with 400 of 512 instances in their cluster. */
const gapOf = (gap: number, seed: number): ClusterAccuracy => ({ gap: gap + 0.01 * (seed - 2), inCount: 400, outCount: 112, inAccuracy: 0.8, outAccuracy: 0.8 - gap });

describe('C4 verdicts', () => {
  it('supported: a gap of about 0.5 on every unseen split', async () => {
    const { C4 } = await claimsOf({ splits: SPLITS });
    expect(verdicts(C4)).toEqual([['validation, top layer', 'supported'], ['unseen-distribution, top layer', 'supported']]);
    expect(C4.verdicts).toEqual([{ condition: 'baseline', verdict: 'supported', comparisons: 2, tested: 2, significant: 2 }]);
  });

  it('not supported: a gap of 0.1 is real but below the effect size', async () => {
    const { C4 } = await claimsOf({ splits: SPLITS, clusterAccuracy: ({ seed }) => gapOf(0.1, seed) });
    expect(verdicts(C4)).toEqual([['validation, top layer', 'not supported'], ['unseen-distribution, top layer', 'not supported']]);
    const gap = C4.findings[0].statistics.find((s) => s.statistic.startsWith('within-task gap'))!;
    // The interval excludes 0 (the old rule's "supported") but not 0.2.
    expect(gap.tLow!).toBeGreaterThan(0);
    expect(gap.tHigh!).toBeLessThan(0.2);
    expect(C4.findings[0].text).toContain('gap above 0.2 not shown');
    expect(C4.findings[0].text).toContain('seed 0 400/112 0.08');
  });

  it('partly supported for a condition whose gap is large on one split only', async () => {
    const { C4 } = await claimsOf({ splits: SPLITS, clusterAccuracy: ({ seed, split }) => gapOf(split === 'validation' ? 0.5 : 0.1, seed) });
    expect(verdicts(C4)).toEqual([['validation, top layer', 'supported'], ['unseen-distribution, top layer', 'not supported']]);
    expect(C4.verdicts[0]).toMatchObject({ verdict: 'partly supported', significant: 1, comparisons: 2 });
  });

  it('not supported with a larger effect size (c4MinGap), printed in the test', async () => {
    const { C4 } = await claimsOf({ splits: SPLITS }, { c4MinGap: 0.6 });
    expect(verdicts(C4)).toEqual([['validation, top layer', 'not supported'], ['unseen-distribution, top layer', 'not supported']]);
    expect(C4.findings[0].text).toContain('within-task gap > 0.6: p = ');
  });

  it('not assessed: every instance in its own cluster leaves the gap undefined, and the report names each seed', async () => {
    const everyoneIn: ClusterAccuracy = { gap: NaN, inCount: 512, outCount: 0, inAccuracy: 0.9, outAccuracy: NaN };
    const { C4 } = await claimsOf({ splits: SPLITS, clusterAccuracy: () => everyoneIn });
    expect(verdicts(C4)).toEqual([['validation, top layer', 'not assessed'], ['unseen-distribution, top layer', 'not assessed']]);
    expect(C4.findings[0].text).toContain('gap undefined for seed 0, seed 1, seed 2, seed 3, seed 4');
    expect(C4.findings[0].text).toContain('seed 3 512/0 undefined');
    expect(C4.verdicts[0].verdict).toBe('not assessed');
  });

  it('is stated on the unseen splits only: no finding on train or heldout-pairs', async () => {
    const { C4 } = await claimsOf({ splits: ['train', 'heldout-pairs', 'unseen-distribution'] });
    expect(C4.findings.map((f) => f.scope)).toEqual(['unseen-distribution, top layer']);
  });
});
