// Skipping the terms of the expected mutual information that underflow to 0 leaves the sum unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contingency } from '@clusterlens/stats';
import { expectedMutualInfo } from '../src/clustering/expected-mutual-info.js';

describe('expected mutual information window', () => {
  it('equals the full scikit-learn loop bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 20000 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (n, ka, kb, seed) => {
          let s = seed;
          const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
          // skewed label frequencies so that some cells have long ranges and some short ones
          const a = Int32Array.from({ length: n }, () => Math.floor(ka * next() ** 2));
          const b = Int32Array.from({ length: n }, (_, i) => (next() < 0.7 ? a[i] % kb : Math.floor(kb * next())));
          const table = contingency(a, b);
          expect(expectedMutualInfo(table, true)).toBe(expectedMutualInfo(table, false));
        },
      ),
      { numRuns: 20 },
    );
  });
});
