// rliable's probability of improvement: Mann-Whitney U / (n m) per task, averaged over tasks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { improvementByStratum, probabilityOfImprovement } from '@clusterlens/stats';
import { scipy } from './support/scipy-fixture.js';

describe('probabilityOfImprovement', () => {
  it("matches rliable's probability_of_improvement (scipy.stats.mannwhitneyu), ties included", () => {
    for (const c of scipy.probabilityOfImprovement) {
      expect(Math.abs(probabilityOfImprovement(c.x, c.y) - c.probability)).toBeLessThanOrEqual(1e-15);
      improvementByStratum(c.x, c.y).forEach((p, m) => expect(Math.abs(p - c.perTask[m])).toBeLessThanOrEqual(1e-15));
    }
  });

  it('counts each pair once and ties as one half', () => {
    // x = [1, 2, 3], y = [2, 2]: 1 beats neither (0), 2 ties both (1/2 + 1/2), 3 beats both (2) -> 3 / 6.
    expect(probabilityOfImprovement([[1, 2, 3]], [[2, 2]])).toBe(0.5);
    // x = [3, 4], y = [1, 2, 3]: 3 beats 2 and ties 1 (2.5), 4 beats 3 -> 5.5 / 6.
    expect(probabilityOfImprovement([[3, 4]], [[1, 2, 3]])).toBeCloseTo(5.5 / 6, 15);
    // Averaged over tasks: 1 on the first, 0 on the second -> 1/2.
    expect(probabilityOfImprovement([[2], [0]], [[1], [1]])).toBe(0.5);
  });

  it('is 1/2 for identical runs, as rliable special-cases', () => {
    expect(probabilityOfImprovement([[0.3, 0.1, 0.3]], [[0.3, 0.1, 0.3]])).toBe(0.5);
  });

  it('satisfies P(X > Y) + P(Y > X) = 1', () => {
    const scores = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.tuple(scores, scores), { minLength: 1, maxLength: 4 }), (tasks) => {
        const x = tasks.map(([a]) => a);
        const y = tasks.map(([, b]) => b);
        expect(probabilityOfImprovement(x, y) + probabilityOfImprovement(y, x)).toBeCloseTo(1, 14);
      }),
    );
  });

  it('needs the same number of strata on both sides', () => {
    expect(() => probabilityOfImprovement([[1], [2]], [[1]])).toThrow(/x has 2 strata and y has 1/);
  });
});
