// Area under a curve: scipy.integrate.trapezoid over steps, optionally divided by the step range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaUnderCurve } from '@clusterlens/stats';
import { relativeError, scipy } from './support/scipy-fixture.js';

describe('areaUnderCurve', () => {
  it('matches scipy.integrate.trapezoid on irregular steps', () => {
    for (const c of scipy.trapezoids) {
      expect(relativeError(areaUnderCurve(c), c.area)).toBeLessThanOrEqual(1e-13);
      expect(relativeError(areaUnderCurve(c, { normalize: true }), c.normalized)).toBeLessThanOrEqual(1e-13);
    }
  });

  it('is the exact area of a piecewise linear curve', () => {
    // 0 -> 1 over steps 0..100 (area 50), flat at 1 over 100..300 (area 200): 250; normalised 250 / 300.
    const curve = { steps: [0, 100, 300], values: [0, 1, 1] };
    expect(areaUnderCurve(curve)).toBe(250);
    expect(areaUnderCurve(curve, { normalize: true })).toBeCloseTo(250 / 300, 15);
  });

  it('normalises a constant curve to its value, whatever the steps', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 2, maxLength: 30 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (steps, level) => {
          const sorted = [...steps].sort((a, b) => a - b);
          const value = areaUnderCurve({ steps: sorted, values: sorted.map(() => level) }, { normalize: true });
          expect(value).toBeCloseTo(level, 12);
        },
      ),
    );
  });

  it('needs two points', () => {
    expect(() => areaUnderCurve({ steps: [5], values: [1] })).toThrow(/curve: needs at least 2 points, got 1/);
  });
});
