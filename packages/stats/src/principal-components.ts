// Principal components of hidden states, for 2-D pictures of task clusters (PROTOCOL section 3).
//
// The covariance matrix (dim × dim) is built in float64, then its leading eigenvectors are found by orthogonal
// (block power) iteration with a few extra vectors and a final Rayleigh-Ritz step. A full eigen decomposition
// (Jacobi) costs O(dim³) per sweep — seconds to minutes for GPT-2's 768 dimensions — while a picture needs two
// components: block iteration costs O(dim² · block) per iteration.
import { checkSeed, Random } from '@clusterlens/schema';

import { symmetricEigen } from './symmetric-eigen.js';

export interface PrincipalComponentsOptions {
  /** How many components (default 2). */
  components?: number;
  /** Seeds the starting block, so the result is reproducible (default 0). */
  seed?: number;
  /** Iteration stops when no leading vector turns by more than this (1 - |cos|; default 1e-13). */
  tolerance?: number;
  /** At most this many iterations (default 2000); reaching it is not an error (the directions are still good). */
  maxIterations?: number;
}

export interface PrincipalComponents {
  /** Number of points and their dimension. */
  n: number;
  dim: number;
  /** Per-dimension mean subtracted before projecting, length dim. */
  mean: Float64Array;
  /** Components as rows, (k, dim) row-major, unit length; each one's largest-magnitude entry is positive. */
  components: Float64Array;
  /** Variance along each component (eigenvalues of the covariance, ddof = 1), descending. */
  variances: Float64Array;
  /** Sum of all variances (trace of the covariance), for the explained fraction. */
  totalVariance: number;
  /** The centred points projected on the components, (n, k) row-major. */
  projections: Float64Array;
  /** Iterations the block iteration took. */
  iterations: number;
}

/** points (n, dim) row-major -> covariance (dim, dim) in float64 (ddof = 1) and the mean. */
export function covarianceMatrix(points: Float32Array, n: number, dim: number): { mean: Float64Array; covariance: Float64Array } {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += points[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) centred[d] = points[i * dim + d] - mean[d];
    // Upper triangle only; mirrored below.
    for (let a = 0; a < dim; a++) {
      const ca = centred[a];
      if (ca === 0) continue;
      const row = a * dim;
      for (let b = a; b < dim; b++) covariance[row + b] += ca * centred[b];
    }
  }
  const scale = 1 / Math.max(1, n - 1);
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const v = covariance[a * dim + b] * scale;
      covariance[a * dim + b] = v;
      covariance[b * dim + a] = v;
    }
  }
  return { mean, covariance };
}

/** Modified Gram-Schmidt, run twice (re-orthogonalisation keeps the block orthonormal to rounding). */
function orthonormalize(block: Float64Array, dim: number, width: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < width; j++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += block[d * width + i] * block[d * width + j];
        for (let d = 0; d < dim; d++) block[d * width + j] -= dot * block[d * width + i];
      }
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += block[d * width + j] ** 2;
      norm = Math.sqrt(norm);
      // A zero column (rank-deficient data) is replaced by a unit vector, then made orthogonal on the next pass.
      if (norm < 1e-300) {
        for (let d = 0; d < dim; d++) block[d * width + j] = d === j % dim ? 1 : 0;
      } else {
        for (let d = 0; d < dim; d++) block[d * width + j] /= norm;
      }
    }
  }
}

/** product (dim, width) = matrix (dim, dim) · block (dim, width). */
function multiply(matrix: Float64Array, block: Float64Array, product: Float64Array, dim: number, width: number): void {
  product.fill(0);
  for (let a = 0; a < dim; a++) {
    const out = a * width;
    for (let b = 0; b < dim; b++) {
      const m = matrix[a * dim + b];
      if (m === 0) continue;
      const inp = b * width;
      for (let j = 0; j < width; j++) product[out + j] += m * block[inp + j];
    }
  }
}

/**
 * The leading principal components of `points` ((n, dim) row-major float32) and the points projected on them.
 * Deterministic: the same points and seed give the same bits.
 */
export function principalComponents(
  points: Float32Array,
  n: number,
  dim: number,
  options: PrincipalComponentsOptions = {},
): PrincipalComponents {
  const { components: k = 2, seed = 0, tolerance = 1e-13, maxIterations = 2000 } = options;
  if (!(points instanceof Float32Array)) throw new TypeError('points: expected a Float32Array of n × dim values');
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`n: needs at least 2 points, got ${n}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim: expected a positive integer, got ${dim}`);
  if (points.length !== n * dim) throw new RangeError(`points: has ${points.length} values, expected n × dim = ${n * dim}`);
  if (!Number.isInteger(k) || k < 1 || k > dim) throw new RangeError(`components: expected 1..${dim}, got ${k}`);
  checkSeed(seed);
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i])) throw new RangeError(`points: value ${i} (point ${Math.floor(i / dim)}) is ${points[i]}`);
  }

  const { mean, covariance } = covarianceMatrix(points, n, dim);
  let totalVariance = 0;
  for (let d = 0; d < dim; d++) totalVariance += covariance[d * dim + d];

  // Extra vectors speed convergence of the leading k: their rate is λ(width+1)/λ(i) instead of λ(k+1)/λ(k).
  const width = Math.min(dim, k + 4);
  const random = new Random(seed);
  let block = new Float64Array(dim * width);
  for (let i = 0; i < block.length; i++) block[i] = random.uint32() / 2 ** 32 - 0.5;
  orthonormalize(block, dim, width);
  let next = new Float64Array(dim * width);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    multiply(covariance, block, next, dim, width);
    orthonormalize(next, dim, width);
    let worst = 0;
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += next[d * width + j] * block[d * width + j];
      worst = Math.max(worst, 1 - Math.abs(dot));
    }
    [block, next] = [next, block];
    if (worst < tolerance) break;
  }

  // Rayleigh-Ritz: the eigenvectors of the covariance restricted to the block's span, best in that span.
  multiply(covariance, block, next, dim, width);
  const small = new Float64Array(width * width);
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < width; j++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += block[d * width + i] * next[d * width + j];
      small[i * width + j] = dot;
    }
  }
  for (let i = 0; i < width; i++) for (let j = i + 1; j < width; j++) small[i * width + j] = small[j * width + i] = (small[i * width + j] + small[j * width + i]) / 2;
  const ritz = symmetricEigen(small, width);

  const componentsOut = new Float64Array(k * dim);
  const variances = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    variances[c] = Math.max(0, ritz.values[c]);
    let largest = 0;
    for (let d = 0; d < dim; d++) {
      let v = 0;
      for (let j = 0; j < width; j++) v += block[d * width + j] * ritz.vectors[j * width + c];
      componentsOut[c * dim + d] = v;
      if (Math.abs(v) > Math.abs(largest)) largest = v;
    }
    // An eigenvector's sign is arbitrary; fixing it keeps pictures from flipping between runs and versions.
    if (largest < 0) for (let d = 0; d < dim; d++) componentsOut[c * dim + d] = -componentsOut[c * dim + d];
  }

  const projections = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let v = 0;
      for (let d = 0; d < dim; d++) v += (points[i * dim + d] - mean[d]) * componentsOut[c * dim + d];
      projections[i * k + c] = v;
    }
  }
  return { n, dim, mean, components: componentsOut, variances, totalVariance, projections, iterations };
}
