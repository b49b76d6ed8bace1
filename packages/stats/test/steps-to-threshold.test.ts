// The first step at which a curve reaches a threshold, measured or interpolated.
import { describe, expect, it } from 'vitest';
import { stepsToThreshold } from '@clusterlens/stats';

const accuracy = { steps: [0, 100, 200, 400], values: [0.1, 0.5, 0.9, 0.97] };

describe('stepsToThreshold', () => {
  it('is the first measured step at or above the threshold', () => {
    expect(stepsToThreshold(accuracy, 0.95)).toBe(400);
    expect(stepsToThreshold(accuracy, 0.9)).toBe(200);
    expect(stepsToThreshold(accuracy, 0.05)).toBe(0);
  });

  it('interpolates linearly between the last point below and the first at or above', () => {
    // 0.95 lies between 0.9 at step 200 and 0.97 at 400: 200 + (0.05 / 0.07) · 200 = 342.857...
    expect(stepsToThreshold(accuracy, 0.95, { interpolate: true })).toBeCloseTo(200 + (0.05 / 0.07) * 200, 10);
    // 0.3 between 0.1 at 0 and 0.5 at 100: 50.
    expect(stepsToThreshold(accuracy, 0.3, { interpolate: true })).toBeCloseTo(50, 12);
    // Already above at the first point: that step, nothing before it to interpolate from.
    expect(stepsToThreshold(accuracy, 0.05, { interpolate: true })).toBe(0);
  });

  it('is null when the curve never gets there', () => {
    expect(stepsToThreshold(accuracy, 0.99)).toBeNull();
    expect(stepsToThreshold(accuracy, 0.99, { interpolate: true })).toBeNull();
  });

  it('takes the first crossing of a curve that dips again', () => {
    expect(stepsToThreshold({ steps: [1, 2, 3, 4], values: [0, 0.8, 0.2, 0.9] }, 0.5)).toBe(2);
  });

  it('rejects steps out of order, repeated steps and a non-finite threshold', () => {
    expect(() => stepsToThreshold({ steps: [0, 200, 100], values: [0, 1, 2] }, 1)).toThrow(
      /curve.steps\[2\] = 100 does not increase on 200/,
    );
    expect(() => stepsToThreshold({ steps: [0, 0], values: [0, 1] }, 1)).toThrow(/group the rows by every key/);
    expect(() => stepsToThreshold(accuracy, Number.NaN)).toThrow(/threshold: expected a finite number/);
  });
});
