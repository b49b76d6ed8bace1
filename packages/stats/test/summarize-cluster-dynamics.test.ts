// Dynamics across seeds: seeds that never emerge are counted, not averaged.
import { describe, expect, it } from 'vitest';
import { clusterDynamics, summarizeClusterDynamics, type ClusterDynamics } from '@clusterlens/stats';

function seedCurve(riseAt: number | null): ClusterDynamics {
  const steps = [0, 100, 200, 300, 400];
  const values = steps.map((s) => (riseAt !== null && s >= riseAt ? 0.8 : 0.05));
  return clusterDynamics({ steps, values }, { emergenceThreshold: 0.5 });
}

describe('summarizeClusterDynamics', () => {
  it('summarises the seeds that reach the threshold and counts the rest', () => {
    const perSeed = [seedCurve(100), seedCurve(200), seedCurve(300), seedCurve(null)];
    const s = summarizeClusterDynamics(perSeed, { seed: 1, nResamples: 500 });
    expect(s.seeds).toBe(4);
    expect(s.emergenceStep.reached).toBe(3);
    expect(s.emergenceStep.summary!.mean).toBe(200);
    expect(s.finalValue.reached).toBe(4);
  });

  it('has no summary for a quantity fewer than two seeds have', () => {
    const s = summarizeClusterDynamics([seedCurve(100), seedCurve(null)], { seed: 1, nResamples: 100 });
    expect(s.emergenceStep).toEqual({ reached: 1, summary: null });
  });
});
