// A reference eigen decomposition written apart from the package: classical Jacobi (Jacobi 1846; Golub & Van Loan
// 8.5.2), which rotates away the largest off-diagonal entry each time, on the full matrix. Slow (fine for tests),
// and a different algorithm from the block power iteration principalComponents uses.

export function classicalJacobi(matrix: Float64Array, m: number): { values: number[]; vectors: number[][] } {
  const a: number[][] = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => matrix[i * m + j]));
  const v: number[][] = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));
  for (let rotation = 0; rotation < 100 * m * m; rotation++) {
    let p = 0;
    let q = 1;
    let largest = 0;
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        if (Math.abs(a[i][j]) > largest) {
          largest = Math.abs(a[i][j]);
          p = i;
          q = j;
        }
      }
    }
    let scale = 0;
    for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(a[i][i]));
    if (largest <= 1e-15 * scale) break;
    // The angle from tan(2φ) = 2 a_pq / (a_qq - a_pp), taken with atan2.
    const phi = 0.5 * Math.atan2(2 * a[p][q], a[q][q] - a[p][p]);
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    for (let k = 0; k < m; k++) {
      const akp = a[k][p];
      const akq = a[k][q];
      a[k][p] = c * akp - s * akq;
      a[k][q] = s * akp + c * akq;
    }
    for (let k = 0; k < m; k++) {
      const apk = a[p][k];
      const aqk = a[q][k];
      a[p][k] = c * apk - s * aqk;
      a[q][k] = s * apk + c * aqk;
    }
    for (let k = 0; k < m; k++) {
      const vkp = v[k][p];
      const vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  return { values: order.map((i) => a[i][i]), vectors: order.map((i) => v.map((row) => row[i])) };
}
