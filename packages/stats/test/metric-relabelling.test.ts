// Renaming the labels of either labeling (any injective map, negative values included) changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedMutualInfo, adjustedRandIndex, normalizedMutualInfo, pairF1, purity } from '@clusterlens/stats';
import { labelingWithRelabel } from './support/labelings.js';

describe('metrics are invariant to label permutation', () => {
  for (const [name, metric] of [
    ['ARI', adjustedRandIndex],
    ['AMI', adjustedMutualInfo],
    ['NMI', normalizedMutualInfo],
    ['pairF1', pairF1],
    ['purity', purity],
  ] as const) {
    it(name, () => {
      fc.assert(
        fc.property(labelingWithRelabel, labelingWithRelabel, (x, y) => {
          const n = Math.min(x.labels.length, y.labels.length);
          const a = x.labels.slice(0, n);
          const b = y.labels.slice(0, n);
          const expected = metric(a, b);
          // relabelling permutes rows or columns of the contingency table: only summation order changes
          expect(metric(x.relabelled.slice(0, n), b)).toBeCloseTo(expected, 12);
          expect(metric(a, Int32Array.from(y.relabelled.slice(0, n)))).toBeCloseTo(expected, 12);
        }),
        { numRuns: 300 },
      );
    });
  }
});
