// C5 reads the C1 and C2 tests on the natural-language suite's trials, one Holm family per condition over both
// claims' comparisons; those trials leave C1-C4 to the synthetic ones.
import { describe, expect, it } from 'vitest';

import { claimsOf } from './support/claims-of.js';
import type { AriPoint } from './support/synthetic-sweep.js';

const natural = { configFor: () => ({ data: { kind: 'natural' } }) };

describe('C5 verdicts', () => {
  it('supported: the natural suite shows C1 and C2, all eight comparisons in one family', async () => {
    const { C1, C5 } = await claimsOf(natural);
    expect(C1.findings).toEqual([]);
    expect(C5.findings.map((f) => [f.scope, f.verdict])).toEqual([
      ['C1, train', 'supported'],
      ['C2, train', 'supported'],
      ['C1, validation', 'supported'],
      ['C2, validation', 'supported'],
    ]);
    expect(C5.findings[0].comparisons[0].familySize).toBe(8);
    expect(C5.verdicts).toEqual([{ condition: 'baseline', verdict: 'supported', comparisons: 8, tested: 8, significant: 8 }]);
  });

  it('a natural-only sweep leaves C1-C4 not assessed, saying that C5 reads its conditions', async () => {
    const claims = await claimsOf(natural);
    for (const id of ['C1', 'C2', 'C3', 'C4'] as const) {
      expect(claims[id].findings).toEqual([]);
      expect(claims[id].notAssessed).toMatch(/^every condition of this sweep uses the natural suite .*C5 reads them/);
    }
  });

  it('partly supported: flat depth over layers 1..L fails C2 while C1 holds', async () => {
    const flatDepth = ({ layer, step }: AriPoint) => (layer === 0 ? undefined : 0.05 + 0.85 * (1 - Math.exp(-step / 140)));
    const { C5 } = await claimsOf({ ...natural, ari: flatDepth });
    expect(C5.findings.map((f) => f.verdict)).toEqual(['supported', 'not supported', 'supported', 'not supported']);
    expect(C5.verdicts[0]).toMatchObject({ verdict: 'partly supported', significant: 4, comparisons: 8 });
  });

  it('a probe-only sweep, evaluated at step 0 alone: C1 not assessed for want of a curve, the verdict from C2 at that step', async () => {
    const rising = ({ layer }: AriPoint) => 0.1 + 0.15 * layer;
    const { C5 } = await claimsOf({ ...natural, steps: [0], ari: rising });
    expect(C5.findings.map((f) => [f.scope, f.verdict])).toEqual([
      ['C1, train', 'not assessed'],
      ['C2, train', 'supported'],
      ['C1, validation', 'not assessed'],
      ['C2, validation', 'supported'],
    ]);
    expect(C5.findings[0].text).toContain('not assessed: C1 needs a training curve');
    expect(C5.findings[1].text).toContain('layer 0 change over training not measured');
    expect(C5.verdicts).toEqual([{ condition: 'baseline', verdict: 'supported', comparisons: 4, tested: 4, significant: 4 }]);
  });
});
