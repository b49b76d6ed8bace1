// C1's rule returns each of its verdicts: ARI must rise by more than c1MinRise and then hold still (|late change| <
// c1LateChange, an equivalence test): a late collapse or a curve still climbing is not saturation.
import { describe, expect, it } from 'vitest';

import { claimsOf, verdicts } from './support/claims-of.js';
import type { AriPoint } from './support/synthetic-sweep.js';

/** The top layer's curve replaced by `curve(step, lastStep)` on every split; other layers as by default. */
const topLayer = (curve: (step: number, lastStep: number) => number) => ({ layer, nLayer, step, lastStep }: AriPoint) =>
  layer === nLayer ? curve(step, lastStep) : undefined;
const risen = (step: number) => 0.05 + 0.85 * (1 - Math.exp(-step / 140));

describe('C1 verdicts', () => {
  it('supported: rises and saturates on train and validation', async () => {
    const { C1 } = await claimsOf({});
    expect(verdicts(C1)).toEqual([['train', 'supported'], ['validation', 'supported']]);
    expect(C1.verdicts[0].verdict).toBe('supported');
  });

  it('partly supported: a late collapse rises but is not saturation', async () => {
    const { C1 } = await claimsOf({ ari: topLayer((step, last) => (step > 0.75 * last ? 0.4 : risen(step))) });
    expect(verdicts(C1)).toEqual([['train', 'partly supported'], ['validation', 'partly supported']]);
    const [rise, late] = C1.findings[0].comparisons;
    expect([rise.significant, late.significant]).toEqual([true, false]);
    expect(late.estimate!).toBeLessThan(-0.4);
    expect(C1.findings[0].text).toContain('not shown saturated (falls late)');
    expect(C1.verdicts[0].verdict).toBe('partly supported');
  });

  it('partly supported: a curve still climbing at the end rises but is not saturated', async () => {
    const { C1 } = await claimsOf({ ari: topLayer((step, last) => 0.05 + 0.8 * (step / last)) });
    expect(verdicts(C1)).toEqual([['train', 'partly supported'], ['validation', 'partly supported']]);
    expect(C1.findings[0].text).toContain('not shown saturated (still changing late)');
  });

  it('not supported: a peak that collapses back to the start neither rises nor saturates', async () => {
    const { C1 } = await claimsOf({ ari: topLayer((step, last) => (step > 0.75 * last ? 0.05 : risen(step))) });
    expect(verdicts(C1)).toEqual([['train', 'not supported'], ['validation', 'not supported']]);
    expect(C1.findings[0].text).toContain('no rise above 0.2 shown');
    expect(C1.verdicts[0]).toMatchObject({ verdict: 'not supported', significant: 0, comparisons: 4 });
  });

  it('not supported: a flat curve is trivially saturated but never rises (the negative control loss: all)', async () => {
    const { C1 } = await claimsOf({ ari: topLayer(() => 0.06) });
    const [rise, late] = C1.findings[0].comparisons;
    expect([rise.significant, late.significant]).toEqual([false, true]);
    expect(verdicts(C1)).toEqual([['train', 'not supported'], ['validation', 'not supported']]);
    expect(C1.verdicts[0].verdict).toBe('not supported');
  });

  it('not supported under a higher minimum rise, printed in the test (c1MinRise), though saturated', async () => {
    const { C1 } = await claimsOf({}, { c1MinRise: 0.95 });
    expect(verdicts(C1)).toEqual([['train', 'not supported'], ['validation', 'not supported']]);
    expect(C1.findings[0].text).toContain('rise > 0.95: p = ');
    expect(C1.rule).toContain('rise > 0.95 (--c1-min-rise)');
  });

  it('not assessed: one seed gives no test', async () => {
    const { C1 } = await claimsOf({ seeds: [4] });
    expect(verdicts(C1)).toEqual([['train', 'not assessed'], ['validation', 'not assessed']]);
    expect(C1.findings[0].comparisons.every((c) => c.pValue === null)).toBe(true);
  });
});
