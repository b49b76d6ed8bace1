// k-means on the GPU (options.device 'cuda'): refused with the reason where this process cannot use it; on a machine
// with a GPU, the CPU path's labels on well-separated blobs, and the CPU's inertia to float rounding.
import { describe, expect, it } from 'vitest';

import { capabilities } from '@clusterlens/native';
import { kmeans } from '@clusterlens/probe';

const HAS_GPU = capabilities.cudaBuilt && capabilities.cudaDevices > 0;

/** k well-separated Gaussian blobs of n points each in dim dimensions (a fixed LCG). */
function blobs(k: number, n: number, dim: number): Float32Array {
  let s = 12345;
  const uniform = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const data = new Float32Array(k * n * dim);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < dim; d++) {
        const noise = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
        data[(c * n + i) * dim + d] = (d % k === c ? 20 : 0) + noise;
      }
    }
  }
  return data;
}

describe('k-means on the GPU', () => {
  it('is refused for an unknown device, naming the option', async () => {
    await expect(kmeans(blobs(2, 4, 3), { n: 8, dim: 3, k: 2, seed: 0, device: 'tpu' as 'cuda' })).rejects.toThrow(/options\.device: expected 'cpu' or 'cuda', got 'tpu'/);
  });

  it.runIf(!HAS_GPU)('is refused where this process has no CUDA, saying why', async () => {
    const reason = capabilities.cudaBuilt ? /sees no CUDA device/ : /has no CUDA kernels/;
    await expect(kmeans(blobs(2, 4, 3), { n: 8, dim: 3, k: 2, seed: 0, device: 'cuda' })).rejects.toThrow(reason);
  });

  it.runIf(HAS_GPU)("gives the CPU path's labels on well-separated blobs", async () => {
    const [k, n, dim] = [8, 2000, 64];
    const data = blobs(k, n, dim);
    const options = { n: k * n, dim, k, seed: 3, nInit: 2 };
    const [cpu, gpu] = [await kmeans(data, options), await kmeans(data, { ...options, device: 'cuda' })];
    expect(gpu.labels).toEqual(cpu.labels);
    expect(Math.abs(gpu.inertia - cpu.inertia) / cpu.inertia).toBeLessThan(1e-4);
  });
});
