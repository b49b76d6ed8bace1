// C2's rule returns each of its verdicts: over layers 1..L only, the per-seed slope of final ARI on layer must exceed
// c2MinSlope and layer L must exceed layer 1 by c2MinGain. Layer 0 is a sanity check beside the verdict: a flat
// profile over layers 1..L is not "increases with depth" however low layer 0 is.
import { describe, expect, it } from 'vitest';

import { claimsOf, verdicts } from './support/claims-of.js';
import type { AriPoint } from './support/synthetic-sweep.js';

const rising = (ceiling: number, step: number) => 0.05 + (ceiling - 0.05) * (1 - Math.exp(-step / 140));

describe('C2 verdicts', () => {
  it('supported: deeper layers cluster more', async () => {
    const { C2 } = await claimsOf({});
    expect(verdicts(C2)).toEqual([['train', 'supported'], ['validation', 'supported']]);
  });

  it('not supported: layers 1..L flat, although layer 0 stays low (layer 0 is not in the trend)', async () => {
    const { C2 } = await claimsOf({ ari: ({ layer, step }: AriPoint) => (layer === 0 ? undefined : rising(0.7, step)) });
    expect(verdicts(C2)).toEqual([['train', 'not supported'], ['validation', 'not supported']]);
    const layerMean = (l: number) => C2.findings[0].statistics.find((s) => s.statistic === `final ARI, layer ${l}`)!.estimate;
    // Counting layer 0 would have read this profile as rising with depth.
    expect(layerMean(0)).toBeLessThan(0.1);
    expect(layerMean(1)).toBeGreaterThan(0.6);
    expect(C2.findings[0].text).toContain('no increase over layers 1..3 shown, layer 3 not shown above layer 1');
  });

  it('not supported: ARI decreasing with depth over layers 1..L', async () => {
    const { C2 } = await claimsOf({ ari: ({ layer, step }: AriPoint) => (layer === 0 ? undefined : rising(1.05 - 0.15 * layer, step)) });
    expect(verdicts(C2)).toEqual([['train', 'not supported'], ['validation', 'not supported']]);
    expect(C2.findings[0].comparisons[0].estimate!).toBeLessThan(-0.1);
  });

  it('partly supported: a trend, but layer L not above layer 1 by the required gain (c2MinGain)', async () => {
    const { C2 } = await claimsOf({}, { c2MinGain: 0.5 });
    expect(verdicts(C2)).toEqual([['train', 'partly supported'], ['validation', 'partly supported']]);
    expect(C2.findings[0].text).toContain('layer 3 - layer 1 > 0.5: p = ');
    expect(C2.verdicts[0]).toMatchObject({ verdict: 'partly supported', significant: 2, comparisons: 4 });
  });

  it('reports layer 0 moving as a sanity check without changing the verdict', async () => {
    const { C2 } = await claimsOf({ ari: ({ layer, step }: AriPoint) => (layer === 0 ? rising(0.35, step) : undefined) });
    expect(verdicts(C2)).toEqual([['train', 'supported'], ['validation', 'supported']]);
    expect(C2.findings[0].text).toMatch(/layer 0 \(sanity check, not in the verdict\): change \+0\.\d+ .*moves \(interval not within ±0\.05\)/);
  });

  it('not assessed: one layer above 0, or one seed', async () => {
    const shallow = await claimsOf({ nLayer: 1 });
    expect(verdicts(shallow.C2)).toEqual([['train', 'not assessed'], ['validation', 'not assessed']]);
    expect(shallow.C2.findings[0].text).toContain('C2 needs at least two probed layers above 0');
    const single = await claimsOf({ seeds: [2] });
    expect(verdicts(single.C2)).toEqual([['train', 'not assessed'], ['validation', 'not assessed']]);
  });
});
