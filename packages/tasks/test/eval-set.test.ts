import { describe, expect, it } from 'vitest';

import { Random } from '@clusterlens/schema';
import { buildSuite, evalSet } from '@clusterlens/tasks';

describe('evaluation sets', () => {
  const suite = buildSuite({ kind: 'synthetic', seed: 1, family: 'rule' });

  it('returns n instances of the split, the same ones for the same seed', () => {
    const a = evalSet(suite, 'validation', 512, new Random(3));
    const b = evalSet(suite, 'validation', 512, new Random(3));
    expect(a).toHaveLength(512);
    expect(a).toEqual(b);
    const split = new Set(suite.split('validation'));
    for (const instance of a) expect(split.has(instance)).toBe(true);
    expect(new Set(a).size).toBe(512);
    expect(evalSet(suite, 'validation', 512, new Random(4))).not.toEqual(a);
  });

  it('balances tasks: each contributes n / K', () => {
    const counts = new Array(8).fill(0);
    for (const instance of evalSet(suite, 'train', 512, new Random(0))) counts[instance.task]++;
    expect(counts).toEqual(new Array(8).fill(64));
  });

  it('returns the whole split when it has fewer than n instances', () => {
    const small = evalSet(suite, 'heldout-pairs', 10_000, new Random(0));
    expect(small).toHaveLength(suite.split('heldout-pairs').length);
    expect(evalSet(buildSuite({ kind: 'synthetic', seed: 1 }), 'unseen-inputs', 512, new Random(0))).toEqual([]);
  });
});
