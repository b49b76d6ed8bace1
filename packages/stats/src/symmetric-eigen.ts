// Eigen decomposition of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan, 8.5).
// Used for the Rayleigh-Ritz step of principal components, on a matrix of a few rows: Jacobi is simple,
// accurate to rounding for every eigenvalue, and its cost (O(m³) per sweep) does not matter at that size.

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Eigenvectors as columns of an (m, m) row-major matrix, in the order of `values`. */
  vectors: Float64Array;
}

/** `matrix` (m, m) row-major, symmetric (only its upper triangle is read). */
export function symmetricEigen(matrix: Float64Array, m: number, maxSweeps = 100): SymmetricEigen {
  const a = Float64Array.from(matrix);
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) a[j * m + i] = a[i * m + j];
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;

  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) offDiagonal += a[p * m + q] ** 2;
    if (offDiagonal === 0 || !Number.isFinite(offDiagonal)) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q], in the stable form (smaller root of the quadratic for t = tan θ).
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p];
          const vkq = v[k * m + q];
          v[k * m + p] = c * vkp - s * vkq;
          v[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => a[j * m + j] - a[i * m + i] || i - j);
  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  order.forEach((source, target) => {
    values[target] = a[source * m + source];
    for (let k = 0; k < m; k++) vectors[k * m + target] = v[k * m + source];
  });
  return { values, vectors };
}
