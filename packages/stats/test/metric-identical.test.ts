// Identical partitions score 1, whatever the label values; the degenerate cases follow scikit-learn.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedMutualInfo, adjustedRandIndex, normalizedMutualInfo, pairF1, purity } from '@clusterlens/stats';
import { labelingWithRelabel } from './support/labelings.js';

describe('identical partitions', () => {
  it('ARI, NMI and purity are 1; AMI and pairF1 are 1 unless every point is alone', () => {
    fc.assert(
      fc.property(labelingWithRelabel, ({ labels, relabelled }) => {
        expect(adjustedRandIndex(labels, relabelled)).toBe(1);
        expect(normalizedMutualInfo(labels, relabelled)).toBeCloseTo(1, 12);
        expect(purity(labels, relabelled)).toBe(1);
        const allSingletons = new Set(labels).size === labels.length;
        // Identical all-singleton labelings have MI = EMI = H: AMI is 0/0 there, and scikit-learn 1.2's
        // value (0 or 1) depends on rounding; the fixture pins one such case. Pair F1 has no pairs.
        if (!allSingletons || labels.length === 1) expect(adjustedMutualInfo(labels, relabelled)).toBeCloseTo(1, 9);
        expect(pairF1(labels, relabelled)).toBe(allSingletons ? 0 : 1);
      }),
      { numRuns: 300 },
    );
  });

  it('both labelings one cluster: ARI, AMI, NMI are 1', () => {
    const a = [3, 3, 3, 3];
    const b = Int32Array.from([-7, -7, -7, -7]);
    expect(adjustedRandIndex(a, b)).toBe(1);
    expect(adjustedMutualInfo(a, b)).toBe(1);
    expect(normalizedMutualInfo(a, b)).toBe(1);
    expect(pairF1(a, b)).toBe(1);
  });

  it('one point or no points', () => {
    expect(adjustedRandIndex([5], [9])).toBe(1);
    expect(adjustedMutualInfo([5], [9])).toBe(1);
    expect(normalizedMutualInfo([], [])).toBe(1);
    expect(adjustedRandIndex([], [])).toBe(1);
  });

  it('one cluster against several: MI-based scores are 0', () => {
    expect(normalizedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(adjustedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });
});
