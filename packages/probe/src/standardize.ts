// Per-dimension standardisation of hidden states before k-means (PROTOCOL section 5): a few residual dimensions of
// GPT-2 are orders of magnitude larger than the rest and would otherwise decide every distance. Fitted as
// scikit-learn's StandardScaler fits: the mean and the population standard deviation of each dimension, a constant
// dimension keeping scale 1. Sums run in double, in point order, so the result is the same on every machine.

/** A fitted standardisation of `dim`-dimensional points. */
export interface Standardizer {
  dim: number;
  mean: Float64Array;
  /** Standard deviation per dimension; 1 where a dimension is constant. */
  scale: Float64Array;
}

/** Fits the mean and scale of each dimension of `data` (n, dim). */
export function fitStandardizer(data: Float32Array, n: number, dim: number): Standardizer {
  if (data.length !== n * dim) throw new RangeError(`data: expected n * dim = ${n * dim} values, got ${data.length}`);
  if (n < 1) throw new RangeError('data: expected at least one point');
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += data[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  const scale = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) {
      const centred = data[i * dim + d] - mean[d];
      scale[d] += centred * centred;
    }
  }
  for (let d = 0; d < dim; d++) {
    const std = Math.sqrt(scale[d] / n);
    scale[d] = std > 0 ? std : 1;
  }
  return { dim, mean, scale };
}

/** (x - mean) / scale for every point of `data` (n, dim), as new float32 points. */
export function standardize(data: Float32Array, n: number, s: Standardizer): Float32Array {
  if (data.length !== n * s.dim) throw new RangeError(`data: expected n * dim = ${n * s.dim} values, got ${data.length}`);
  const out = new Float32Array(data.length);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < s.dim; d++) out[i * s.dim + d] = (data[i * s.dim + d] - s.mean[d]) / s.scale[d];
  }
  return out;
}
