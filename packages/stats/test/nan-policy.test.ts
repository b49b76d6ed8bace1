// NaN (a metric undefined for a trial) is an error by default and left out on request; empty input and
// infinities are always errors.
import { describe, expect, it } from 'vitest';
import {
  areaUnderCurve,
  bootstrapInterval,
  interquartileMean,
  mean,
  meanTInterval,
  probabilityOfImprovement,
  standardDeviation,
  stepsToThreshold,
  summarize,
  trimMean,
} from '@clusterlens/stats';

const withNaN = [0.5, Number.NaN, 0.7, 0.6];

describe('NaN policy', () => {
  it("raises by default, naming the argument and index and the 'omit' option", () => {
    expect(() => mean(withNaN)).toThrow(/values\[1\] is NaN \(pass nanPolicy: 'omit'/);
    expect(() => meanTInterval(withNaN)).toThrow(/values\[1\] is NaN/);
    expect(() => bootstrapInterval(withNaN, { seed: 1 })).toThrow(/values\[1\] is NaN/);
    expect(() => trimMean(withNaN, 0.1)).toThrow(/values\[1\] is NaN/);
    expect(() => interquartileMean([[1], withNaN])).toThrow(/strata\[1\]\[1\] is NaN/);
    expect(() => probabilityOfImprovement([withNaN], [[1]])).toThrow(/x\[0\]\[1\] is NaN/);
    expect(() => areaUnderCurve({ steps: [0, 1, 2, 3], values: withNaN })).toThrow(/curve.values\[1\] \(step 1\) is NaN/);
  });

  it("'omit' computes on the other values", () => {
    const kept = [0.5, 0.7, 0.6];
    expect(mean(withNaN, { nanPolicy: 'omit' })).toBe(mean(kept));
    expect(standardDeviation(withNaN, { nanPolicy: 'omit' })).toBe(standardDeviation(kept));
    expect(meanTInterval(withNaN, { nanPolicy: 'omit' })).toEqual(meanTInterval(kept));
    expect(bootstrapInterval(withNaN, { seed: 1, nResamples: 500, nanPolicy: 'omit' })).toEqual(
      bootstrapInterval(kept, { seed: 1, nResamples: 500 }),
    );
    expect(summarize(withNaN, { seed: 1, nResamples: 200, nanPolicy: 'omit' }).n).toBe(3);
    expect(probabilityOfImprovement([withNaN], [[0.55]], { nanPolicy: 'omit' })).toBeCloseTo(2 / 3, 15);
    // A curve without the NaN point: trapezoids 0..2 then 2..3.
    expect(areaUnderCurve({ steps: [0, 1, 2, 3], values: withNaN }, { nanPolicy: 'omit' })).toBeCloseTo(
      2 * 0.6 + 0.65,
      15,
    );
    expect(stepsToThreshold({ steps: [0, 1, 2], values: [0, Number.NaN, 1] }, 0.5, { nanPolicy: 'omit' })).toBe(2);
  });

  it('still needs enough values after leaving NaN out', () => {
    expect(() => meanTInterval([1, Number.NaN], { nanPolicy: 'omit' })).toThrow(
      /values: needs at least 2 values, got 1 after leaving out 1 NaN/,
    );
  });

  it('rejects empty input', () => {
    expect(() => mean([])).toThrow(/values: needs at least 1 value, got 0/);
    expect(() => interquartileMean([])).toThrow(/strata: needs at least one stratum/);
    expect(() => interquartileMean([[]])).toThrow(/strata\[0\]: needs at least 1 value/);
    expect(() => bootstrapInterval([1], { seed: 1 })).toThrow(/needs at least 2 values/);
  });

  it('rejects infinities and non-numbers under either policy', () => {
    expect(() => mean([1, Infinity], { nanPolicy: 'omit' })).toThrow(/values\[1\] is Infinity/);
    expect(() => mean([1, '2' as unknown as number])).toThrow(/values\[1\]: expected a number, got 2/);
    expect(() => mean([1], { nanPolicy: 'skip' as 'omit' })).toThrow(/nanPolicy: expected 'raise' or 'omit'/);
  });
});
