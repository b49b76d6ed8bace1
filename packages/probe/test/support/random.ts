// Seeded test data: a small PRNG and Gaussian blobs.

/** mulberry32: uniform floats in [0, 1) from a 32-bit seed. */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export interface Blobs {
  data: Float32Array;
  labels: Int32Array;
  n: number;
  dim: number;
}

/** n points in dim dimensions around `centers` centres in [-spread, spread]^dim, unit noise; point i is in blob i % centers. */
export function blobs(n: number, dim: number, centers: number, spread: number, seed: number): Blobs {
  const rand = uniform(seed);
  const gauss = normal(rand);
  const mu = Array.from({ length: centers * dim }, () => (rand() * 2 - 1) * spread);
  const data = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % centers;
    labels[i] = c;
    for (let d = 0; d < dim; d++) data[i * dim + d] = mu[c * dim + d] + gauss();
  }
  return { data, labels, n, dim };
}
