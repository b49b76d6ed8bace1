// Emergence, saturation and steepest rise of one ARI curve, on curves worked by hand.
import { describe, expect, it } from 'vitest';
import { clusterDynamics } from '@clusterlens/stats';

// ARI of one layer: flat, a rise between steps 100 and 300, then a plateau near 0.8.
const ari = { steps: [0, 50, 100, 200, 300, 500, 1000], values: [0.02, 0.03, 0.1, 0.5, 0.76, 0.79, 0.8] };

describe('clusterDynamics', () => {
  it('reads emergence as the first crossing of the threshold', () => {
    expect(clusterDynamics(ari, { emergenceThreshold: 0.5 }).emergenceStep).toBe(200);
    // Interpolated: 0.3 is halfway from 0.1 (step 100) to 0.5 (step 200) -> 150.
    expect(clusterDynamics(ari, { emergenceThreshold: 0.3, interpolate: true }).emergenceStep).toBeCloseTo(150, 10);
    expect(clusterDynamics(ari, { emergenceThreshold: 0.9 }).emergenceStep).toBeNull();
  });

  it('reads saturation as the first step at 95% of the final value', () => {
    // Final 0.8, 95% = 0.76: first reached at step 300.
    const d = clusterDynamics(ari, { emergenceThreshold: 0.5 });
    expect(d.finalValue).toBe(0.8);
    expect(d.saturationStep).toBe(300);
  });

  it('averages the last k points for the final value', () => {
    // k = 3: (0.76 + 0.79 + 0.8) / 3 = 0.7833; 95% of it = 0.7442, first reached at 300.
    const d = clusterDynamics(ari, { emergenceThreshold: 0.5, finalPoints: 3 });
    expect(d.finalValue).toBeCloseTo((0.76 + 0.79 + 0.8) / 3, 15);
    expect(d.saturationStep).toBe(300);
    // A lower fraction saturates earlier: 50% of 0.8 = 0.4 -> step 200.
    expect(clusterDynamics(ari, { emergenceThreshold: 0.5, saturationFraction: 0.5 }).saturationStep).toBe(200);
  });

  it('finds the steepest finite-difference slope and where it is', () => {
    // Slopes per step: 0.0002, 0.0014, 0.004 (100-200), 0.0026, 0.00015, 0.00002.
    const d = clusterDynamics(ari, { emergenceThreshold: 0.5 });
    expect(d.steepestSlope).toBeCloseTo(0.004, 15);
    expect([d.steepestSlopeFrom, d.steepestSlopeTo]).toEqual([100, 200]);
  });

  it('has no saturation step when a negative final value is never reached from below', () => {
    const d = clusterDynamics({ steps: [0, 10], values: [-0.2, -0.1] }, { emergenceThreshold: 0 });
    // 95% of -0.1 is -0.095, above both values.
    expect(d.saturationStep).toBeNull();
  });

  it('validates its options', () => {
    expect(() => clusterDynamics(ari, {} as { emergenceThreshold: number })).toThrow(/emergenceThreshold/);
    expect(() => clusterDynamics(ari, { emergenceThreshold: 0.5, finalPoints: 8 })).toThrow(/more than the curve's 7 points/);
    expect(() => clusterDynamics(ari, { emergenceThreshold: 0.5, saturationFraction: 1.5 })).toThrow(/saturationFraction/);
    expect(() => clusterDynamics({ steps: [0], values: [1] }, { emergenceThreshold: 0.5 })).toThrow(/at least 2 points/);
  });
});
