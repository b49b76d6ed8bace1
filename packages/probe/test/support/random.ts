// Seeded test data: Gaussian blobs drawn from the seed tree's generator.
import { Random } from '@clusterlens/schema';

export interface Blobs {
  data: Float32Array;
  labels: Int32Array;
  n: number;
  dim: number;
}

/** n points in dim dimensions around `centers` centres in [-spread, spread]^dim, unit noise; point i is in blob i % centers. */
export function blobs(n: number, dim: number, centers: number, spread: number, seed: number): Blobs {
  const random = new Random(seed);
  const mu = Array.from({ length: centers * dim }, () => (random.float() * 2 - 1) * spread);
  const data = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % centers;
    labels[i] = c;
    for (let d = 0; d < dim; d++) data[i * dim + d] = mu[c * dim + d] + random.normal();
  }
  return { data, labels, n, dim };
}
