// The stratified bootstrap resamples runs within each stratum only, and independently per sample.
import { describe, expect, it } from 'vitest';
import { stratifiedBootstrapInterval } from '@clusterlens/stats';

describe('stratifiedBootstrapInterval', () => {
  it('never moves a run into another stratum and keeps each stratum its size', () => {
    const strata = [[1, 2, 3], [10, 20], [100]];
    stratifiedBootstrapInterval(
      [strata],
      ([resampled]) => {
        resampled.forEach((stratum, m) => {
          expect(stratum.length).toBe(strata[m].length);
          for (const v of stratum) expect(strata[m]).toContain(v);
        });
        return 0;
      },
      { seed: 1, nResamples: 200 },
    );
  });

  it('resamples two samples independently (no shared run indices)', () => {
    // x and y hold the run index as their score. Shared indices would make them always equal.
    const runs = [0, 1, 2, 3, 4, 5, 6, 7];
    let differing = 0;
    stratifiedBootstrapInterval(
      [[runs], [runs]],
      ([[x], [y]]) => {
        if (x.some((v, i) => v !== y[i])) differing++;
        return 0;
      },
      { seed: 2, nResamples: 50 },
    );
    expect(differing).toBe(50);
  });

  it('has a degenerate interval when every stratum is constant', () => {
    const r = stratifiedBootstrapInterval([[[2, 2], [5, 5, 5]]], ([s]) => s[0][0] + s[1][0], { seed: 1, nResamples: 100 });
    expect([r.low, r.estimate, r.high]).toEqual([7, 7, 7]);
    expect(r.standardError).toBe(0);
  });

  it('uses 50000 resamples by default, as rliable', () => {
    const r = stratifiedBootstrapInterval([[[1, 2]]], ([s]) => s[0][0], { seed: 1 });
    expect(r.nResamples).toBe(50000);
  });
});
