// ARI, AMI and NMI do not depend on which labeling is called the truth.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedMutualInfo, adjustedRandIndex, normalizedMutualInfo } from '@clusterlens/stats';
import { labelingPair } from './support/labelings.js';

describe('metric symmetry', () => {
  for (const [name, metric] of [
    ['ARI', adjustedRandIndex],
    ['AMI', adjustedMutualInfo],
    ['NMI', normalizedMutualInfo],
  ] as const) {
    it(`${name}(a, b) = ${name}(b, a)`, () => {
      fc.assert(
        fc.property(labelingPair, ([a, b]) => {
          expect(metric(a, b)).toBeCloseTo(metric(b, a), 12);
        }),
        { numRuns: 300 },
      );
    });
  }
});
