import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Random, range } from '@clusterlens/schema';

const draw = (random: Random, n: number) => Array.from({ length: n }, () => random.uint32());

describe('seeded randomness', () => {
  it('the same seed gives the same numbers', () => {
    expect(draw(new Random(42), 100)).toEqual(draw(new Random(42), 100));
  });

  it('different seeds give different numbers', () => {
    expect(draw(new Random(1), 8)).not.toEqual(draw(new Random(2), 8));
    expect(draw(new Random(2 ** 32), 8)).not.toEqual(draw(new Random(0), 8));
  });

  it('known outputs stay fixed, so a seed names the same suite in every version', () => {
    expect(draw(new Random(0), 3)).toEqual([3809008728, 1133695204, 53579671]);
    expect(draw(new Random(12345).fork('a').fork(7), 2)).toEqual([1481429879, 1965293382]);
    expect(draw(new Random(12345).fork('a').fork('7'), 2)).toEqual([1481429879, 1965293382]);
  });

  it('fork depends on the label and the parent key, not on what the parent has drawn', () => {
    const fresh = new Random(7);
    const used = new Random(7);
    draw(used, 50);
    expect(draw(used.fork('x'), 10)).toEqual(draw(fresh.fork('x'), 10));
    expect(draw(fresh.fork('x'), 10)).not.toEqual(draw(fresh.fork('y'), 10));
    expect(draw(new Random(8).fork('x'), 10)).not.toEqual(draw(fresh.fork('x'), 10));
  });

  it('int(n) stays in [0, n) and reaches every value', () => {
    const random = new Random(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[random.int(7)]++;
    for (const count of counts) expect(count).toBeGreaterThan(850);
    expect(() => random.int(0)).toThrow(/n = 0/);
  });

  it('shuffle returns a permutation and leaves its input alone', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.array(fc.integer(), { maxLength: 30 }), (seed, items) => {
        const copy = items.slice();
        const shuffled = new Random(seed).shuffle(items);
        expect(items).toEqual(copy);
        expect([...shuffled].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
      { numRuns: 50 },
    );
  });

  it('sample draws k distinct items', () => {
    const picked = new Random(5).sample(range(20), 8);
    expect(new Set(picked).size).toBe(8);
    for (const item of picked) expect(item).toBeLessThan(20);
    expect(() => new Random(5).sample(range(3), 4)).toThrow(/4 distinct items from 3/);
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    expect(() => new Random(-1)).toThrow(/seed/);
    expect(() => new Random(1.5)).toThrow(/seed/);
  });

  it('fork with several labels is a chain of forks', () => {
    expect(draw(new Random(9).fork('kmeans', 3, 200), 4)).toEqual(draw(new Random(9).fork('kmeans').fork(3).fork(200), 4));
    expect(draw(new Random(9).fork('kmeans', 3, 200), 4)).not.toEqual(draw(new Random(9).fork('kmeans', 200, 3), 4));
  });

  it('seed() names a branch with a safe integer that differs between branches and ignores draws made', () => {
    const branch = new Random(4).fork('init');
    const before = branch.seed();
    draw(branch, 10);
    expect(branch.seed()).toBe(before);
    expect(Number.isSafeInteger(before) && before >= 0).toBe(true);
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => new Random(4).fork('layer', i).seed()));
    expect(seeds.size).toBe(1000);
  });

  it('normal draws have mean 0 and variance 1', () => {
    const random = new Random(11);
    const draws = Array.from({ length: 20_000 }, () => random.normal());
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
    // Standard errors: 0.007 for the mean, 0.01 for the variance.
    expect(Math.abs(mean)).toBeLessThan(0.035);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(draws.every(Number.isFinite)).toBe(true);
  });
});
