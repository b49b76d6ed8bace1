// Pivoting rows into one curve per key: ARI vs step per (layer, seed).
import { describe, expect, it } from 'vitest';
import { metricSeries, type Row } from '@clusterlens/stats';

const rows: Row[] = [
  { seed: 1, layer: 2, step: 200, metric: 'ari', value: 0.6 },
  { seed: 1, layer: 2, step: 0, metric: 'ari', value: 0.1 },
  { seed: 2, layer: 2, step: 0, metric: 'ari', value: 0.05 },
  { seed: 1, layer: 2, step: 100, metric: 'ari', value: 0.3 },
  { seed: 1, layer: 2, step: 100, metric: 'nmi', value: 0.4 },
];

describe('metricSeries', () => {
  it('gives one curve per key with its points sorted by step', () => {
    expect(metricSeries(rows, { metric: 'ari', keys: ['layer', 'seed'] })).toEqual([
      { key: { layer: 2, seed: 1 }, steps: [0, 100, 200], values: [0.1, 0.3, 0.6] },
      { key: { layer: 2, seed: 2 }, steps: [0], values: [0.05] },
    ]);
  });

  it('names the key when two rows share a step (a key is missing)', () => {
    expect(() => metricSeries(rows, { metric: 'ari', keys: ['layer'] })).toThrow(
      /series \{layer: 2\} of ari has two rows at step 0: add the field that tells them apart/,
    );
  });

  it('keeps NaN values for the statistics to apply their NaN policy', () => {
    const [curve] = metricSeries([{ step: 0, value: Number.NaN }], { keys: [] });
    expect(curve.values[0]).toBeNaN();
  });
});
