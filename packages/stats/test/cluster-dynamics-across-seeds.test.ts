// From a metrics table to per-(split, layer) cluster dynamics across seeds.
import { describe, expect, it } from 'vitest';
import { clusterDynamicsAcrossSeeds, type Row } from '@clusterlens/stats';

// Layer 1 emerges at step 100 + 100·seed; layer 0 never; an accuracy metric that must be ignored.
function table(): Row[] {
  const rows: Row[] = [];
  for (const seed of [1, 2, 3]) {
    for (const layer of [0, 1]) {
      for (const step of [0, 100, 200, 300, 400, 500]) {
        const value = layer === 1 && step >= 100 + 100 * seed ? 0.8 : 0.02;
        rows.push({ trial: `t${seed}`, seed, split: 'train', layer, step, metric: 'ari', value });
        rows.push({ trial: `t${seed}`, seed, split: 'train', layer: null, step, metric: 'accuracy', value: 0.9 });
      }
    }
  }
  return rows;
}

describe('clusterDynamicsAcrossSeeds', () => {
  it('gives one group per (split, layer) with every seed and its summary', () => {
    const groups = clusterDynamicsAcrossSeeds(table(), { emergenceThreshold: 0.5, seed: 1, nResamples: 500 });
    expect(groups.map((g) => g.key)).toEqual([{ split: 'train', layer: 0 }, { split: 'train', layer: 1 }]);
    const [layer0, layer1] = groups;
    expect(layer0.summary.emergenceStep.reached).toBe(0);
    expect(layer1.perSeed.map((s) => [s.seed, s.dynamics.emergenceStep])).toEqual([[1, 200], [2, 300], [3, 400]]);
    expect(layer1.summary.emergenceStep.summary!.mean).toBe(300);
  });

  it('names the missing key when two trials share a seed', () => {
    const rows = table();
    rows.push({ trial: 'other', seed: 1, split: 'train', layer: 1, step: 0, metric: 'ari', value: 0.1 });
    expect(() => clusterDynamicsAcrossSeeds(rows, { emergenceThreshold: 0.5, seed: 1 })).toThrow(
      /\{split: "train", layer: 1, seed: 1\} of ari has two rows at step 0/,
    );
  });
});
