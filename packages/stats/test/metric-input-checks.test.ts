// Labelings that are not integer labelings of the same points are rejected with the argument's name.
import { describe, expect, it } from 'vitest';
import { adjustedMutualInfo, adjustedRandIndex, normalizedMutualInfo, pairF1, purity } from '@clusterlens/stats';

describe('metric input checks', () => {
  for (const metric of [adjustedRandIndex, adjustedMutualInfo, normalizedMutualInfo, pairF1, purity]) {
    it(metric.name, () => {
      expect(() => metric([0, 1, 1], [0, 1])).toThrow(/labelsPred: expected 3 labels/);
      expect(() => metric([0, 1.5], [0, 1])).toThrow(/labelsTrue\[1\]: expected an integer label, got 1.5/);
      expect(() => metric([0, 1], [0, Number.NaN])).toThrow(/labelsPred\[1\]/);
      expect(() => metric([0, 1], 'ab' as unknown as number[])).toThrow(/labelsPred: expected an Int32Array/);
    });
  }
});
