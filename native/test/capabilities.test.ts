import { availableParallelism } from 'node:os';

import { describe, expect, it } from 'vitest';

import { capabilities } from '@clusterlens/native';

describe('capabilities', () => {
  it('reports the CPU engine, its vector width and the machine threads', () => {
    expect(capabilities.cpu).toBe(true);
    expect(['avx512', 'avx2', 'baseline']).toContain(capabilities.simd);
    expect(capabilities.hardwareThreads).toBe(availableParallelism());
  });

  it('reports CUDA devices only when CUDA was built, and loads without a GPU', () => {
    expect(Number.isInteger(capabilities.cudaDevices)).toBe(true);
    expect(capabilities.cudaDevices).toBeGreaterThanOrEqual(0);
    if (!capabilities.cudaBuilt) expect(capabilities.cudaDevices).toBe(0);
  });
});
