// The small Jacobi eigen solver used for the Rayleigh-Ritz step, on matrices with known decompositions.
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '@clusterlens/stats';

describe('symmetricEigen', () => {
  it('finds eigenvalues 3 and 1 of [[2, 1], [1, 2]] with eigenvectors (1, 1) and (1, -1)', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0] / vectors[2])).toBeCloseTo(1, 14);
    expect(vectors[1] / vectors[3]).toBeCloseTo(-1, 14);
  });

  it('satisfies A v = λ v for a 5 × 5 matrix, eigenvalues descending', () => {
    const m = 5;
    const a = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) a[i * m + j] = a[j * m + i] = Math.sin(i * 7 + j * 3) + (i === j ? 4 : 0);
    const { values, vectors } = symmetricEigen(a, m);
    for (let c = 0; c < m; c++) {
      if (c > 0) expect(values[c]).toBeLessThanOrEqual(values[c - 1]);
      for (let i = 0; i < m; i++) {
        let av = 0;
        for (let j = 0; j < m; j++) av += a[i * m + j] * vectors[j * m + c];
        expect(av).toBeCloseTo(values[c] * vectors[i * m + c], 12);
      }
    }
  });
});
