// The resampling generator: published splitmix64 values, a reference xoshiro128** stream, and even draws.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '@clusterlens/aggregate';
import { splitmix64 } from '../src/stats/seeded-random.js';
import { scipy } from './support/scipy-fixture.js';

describe('seededRandom', () => {
  it("reproduces splitmix64's published outputs for seed 1234567", () => {
    // The reference outputs of Vigna's splitmix64.c (also in the fixture, from the Python reference).
    let state = 1234567n;
    const outputs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [next, z] = splitmix64(state);
      state = next;
      outputs.push(z.toString());
    }
    expect(outputs).toEqual(['6457827717110365317', '3203168211198807973', '9817491932198370423']);
    expect(outputs).toEqual(scipy.generator.splitmix64Seed1234567);
  });

  it('produces the same xoshiro128** stream as the Python reference in make_fixtures.py', () => {
    for (const { seed, uint32 } of scipy.generator.xoshiro128ss) {
      const random = seededRandom(seed);
      expect(uint32.map(() => random.nextUint32()), `seed ${seed}`).toEqual(uint32);
    }
  });

  it('draws every residue of nextInt(7) about equally often', () => {
    const random = seededRandom(3);
    const counts = new Array<number>(7).fill(0);
    const draws = 70_000;
    for (let i = 0; i < draws; i++) counts[random.nextInt(7)]++;
    // Chi-square with 6 degrees of freedom: P(X > 22.46) = 0.001.
    const expected = draws / 7;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(22.46);
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    expect(() => seededRandom(-1)).toThrow(/seed: expected a non-negative integer/);
    expect(() => seededRandom(1.5)).toThrow(/seed/);
    expect(() => seededRandom(2 ** 53)).toThrow(/seed/);
  });
});
