// Pair F1 and ARI equal their definitions evaluated by visiting every pair of points.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, pairConfusion, contingency, pairF1 } from '@clusterlens/stats';
import { labelingPair } from './support/labelings.js';

function brutePairs(a: number[], b: number[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a.length; j++) {
      if (i === j) continue;
      const sameA = a[i] === a[j];
      const sameB = b[i] === b[j];
      if (sameA && sameB) tp++;
      else if (sameB) fp++;
      else if (sameA) fn++;
      else tn++;
    }
  }
  return { tp, fp, fn, tn };
}

describe('pair counting against brute force', () => {
  it('pair confusion counts', () => {
    fc.assert(
      fc.property(labelingPair, ([a, b]) => {
        const got = pairConfusion(contingency(a, b));
        const want = brutePairs(a, b);
        expect([got.tp, got.fp, got.fn, got.tn]).toEqual([want.tp, want.fp, want.fn, want.tn].map(BigInt));
      }),
      { numRuns: 300 },
    );
  });

  it('pairF1 = 2 P R / (P + R)', () => {
    fc.assert(
      fc.property(labelingPair, ([a, b]) => {
        const { tp, fp, fn } = brutePairs(a, b);
        const precision = tp / (tp + fp);
        const recall = tp / (tp + fn);
        const want = tp === 0 ? 0 : (2 * precision * recall) / (precision + recall);
        expect(pairF1(a, b)).toBeCloseTo(want, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('ARI from the pair counts', () => {
    fc.assert(
      fc.property(labelingPair, ([a, b]) => {
        const { tp, fp, fn, tn } = brutePairs(a, b);
        const want = fn === 0 && fp === 0 ? 1 : (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
        expect(adjustedRandIndex(a, b)).toBeCloseTo(want, 12);
      }),
      { numRuns: 300 },
    );
  });
});
