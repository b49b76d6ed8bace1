// Assigning new points to fitted clusters (PROTOCOL section 4: unseen instances).

export interface NearestCentroidOptions {
  /** Points in data (n * dim, row-major). */
  n: number;
  dim: number;
  /** Centroids in centroids (k * dim, row-major). */
  k: number;
}

/**
 * Index of the nearest centroid (squared Euclidean distance, computed exactly in double) of each
 * point; the lowest index wins ties.
 */
export function nearestCentroid(data: Float32Array, centroids: Float32Array, options: NearestCentroidOptions): Int32Array {
  const { n, dim, k } = options;
  for (const [name, v, min] of [['n', n, 0], ['dim', dim, 1], ['k', k, 1]] as const) {
    if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`options.${name}: expected an integer >= ${min}, got ${v}`);
  }
  if (data.length !== n * dim) throw new RangeError(`data: expected n * dim = ${n * dim} values, got ${data.length}`);
  if (centroids.length !== k * dim) {
    throw new RangeError(`centroids: expected k * dim = ${k * dim} values, got ${centroids.length}`);
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = i * dim;
    let best = Infinity;
    let arg = 0;
    for (let c = 0; c < k; c++) {
      const y = c * dim;
      let d = 0;
      for (let j = 0; j < dim; j++) {
        const diff = data[x + j] - centroids[y + j];
        d += diff * diff;
      }
      if (d < best) {
        best = d;
        arg = c;
      }
    }
    out[i] = arg;
  }
  return out;
}
