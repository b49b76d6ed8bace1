// rliable's IQM: trim_mean(scores, 0.25, axis=None) over every run of every task.
import { describe, expect, it } from 'vitest';
import { interquartileMean } from '@clusterlens/stats';
import { relativeError, scipy } from './support/scipy-fixture.js';

describe('interquartileMean', () => {
  it("matches rliable's aggregate_iqm on (runs × tasks) score matrices", () => {
    for (const c of scipy.iqmMatrices) {
      expect(relativeError(interquartileMean(c.strata), c.iqm)).toBeLessThanOrEqual(1e-14);
    }
  });

  it('pools the strata before trimming', () => {
    // Two tasks, 4 runs each: 8 scores 1..8, cut 2 from each end -> mean(3, 4, 5, 6) = 4.5,
    // not the mean of the two tasks' IQMs.
    expect(interquartileMean([[1, 8, 2, 7], [3, 6, 4, 5]])).toBe(4.5);
  });

  it('takes strata of different sizes', () => {
    // 1..5 pooled: floor(5/4) = 1 cut from each end -> mean(2, 3, 4) = 3.
    expect(interquartileMean([[5, 1], [3], [2, 4]])).toBe(3);
  });
});
