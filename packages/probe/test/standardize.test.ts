// Standardisation before clustering: StandardScaler's fit (population standard deviation, constant dimensions kept
// at scale 1), and what it is for: a dimension far larger than the rest no longer decides the clusters.
import { describe, expect, it } from 'vitest';

import { fitStandardizer, probeLayers, standardize } from '@clusterlens/probe';
import { Random } from '@clusterlens/schema';

describe('fitStandardizer', () => {
  it('fits the mean and the population standard deviation of each dimension; a constant dimension keeps scale 1', () => {
    const s = fitStandardizer(Float32Array.from([1, 10, 2, 3, 10, 4, 5, 10, 9]), 3, 3);
    expect([...s.mean]).toEqual([3, 10, 5]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.scale[1]).toBe(1);
    expect(s.scale[2]).toBeCloseTo(Math.sqrt(26 / 3), 12);
    expect([...standardize(Float32Array.from([3, 11, 5]), 1, s)]).toEqual([0, 1, 0]);
  });

  it('gives points of mean 0 and standard deviation 1 in every non-constant dimension', () => {
    const random = new Random(7);
    const n = 200;
    const dim = 5;
    const data = Float32Array.from({ length: n * dim }, (_, i) => random.normal() * 10 ** (i % dim) + (i % dim) * 100);
    const out = standardize(data, n, fitStandardizer(data, n, dim));
    for (let d = 0; d < dim; d++) {
      const column = Array.from({ length: n }, (_, i) => out[i * dim + d]!);
      const mean = column.reduce((a, b) => a + b, 0) / n;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(variance).toBeCloseTo(1, 4);
    }
  });

  it('names the expected size of data that does not hold n points of dim values', () => {
    expect(() => fitStandardizer(new Float32Array(5), 2, 3)).toThrow('data: expected n * dim = 6 values, got 5');
  });
});

describe('probeLayers with standardize', () => {
  it('clusters by the small dimensions that separate the tasks, not by a large one that does not', async () => {
    // 3 tasks, 60 points each: dimensions 1-4 hold the task's centre (6 apart) plus unit noise; dimension 0 is
    // noise of standard deviation 1000 that knows nothing of the tasks.
    const random = new Random(11);
    const n = 180;
    const dim = 5;
    const tasks = Int32Array.from({ length: n }, (_, i) => i % 3);
    const data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      data[i * dim] = random.normal() * 1000;
      for (let d = 1; d < dim; d++) data[i * dim + d] = (d % 3 === tasks[i] ? 6 : 0) + random.normal();
    }
    const probe = (standardized: boolean) =>
      probeLayers(new Map([[0, data]]), tasks, { dim, random: new Random(3), metrics: ['ari'], nInit: 4, standardize: standardized });
    const [raw] = await probe(false);
    const [scaled] = await probe(true);
    expect(raw!.value).toBeLessThan(0.2);
    expect(scaled!.value).toBeGreaterThan(0.8);
  });
});
