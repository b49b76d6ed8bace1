// principalComponents (block power iteration) against a full classical-Jacobi eigen decomposition of the same
// sample covariance: same leading eigenvalues and directions, to rounding.
import { describe, expect, it } from 'vitest';
import { covarianceMatrix, principalComponents } from '@clusterlens/stats';

import { classicalJacobi } from './support/classical-jacobi.js';
import { gaussianBlobs } from './support/gaussian-blobs.js';

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] ** 2;
    nb += b[i] ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

describe('principalComponents against classical Jacobi', () => {
  for (const [n, dim, k] of [[600, 12, 4], [300, 40, 8], [50, 64, 3]] as const) {
    it(`finds the leading 3 eigenpairs of blobs (n=${n}, dim=${dim}, ${k} tasks)`, () => {
      const { points } = gaussianBlobs(n, dim, k, 4, n + dim);
      const pca = principalComponents(points, n, dim, { components: 3 });
      const { covariance } = covarianceMatrix(points, n, dim);
      const reference = classicalJacobi(covariance, dim);
      for (let c = 0; c < 3; c++) {
        expect(pca.variances[c]).toBeCloseTo(reference.values[c], 9);
        const component = pca.components.subarray(c * dim, (c + 1) * dim);
        // Equal eigenvalues would make a direction arbitrary; blobs on distinct axes have distinct ones.
        expect(Math.abs(cosine(component, reference.vectors[c]))).toBeGreaterThan(1 - 1e-9);
      }
      const trace = reference.values.reduce((s, v) => s + v, 0);
      expect(pca.totalVariance).toBeCloseTo(trace, 9);
    });
  }
});
