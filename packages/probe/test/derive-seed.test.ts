// deriveSeed: a fixed, well-spread function of its parts.
import { describe, expect, it } from 'vitest';
import { deriveSeed } from '@clusterlens/probe';

describe('deriveSeed', () => {
  it('is deterministic, within [0, 2^53), and distinct across parts', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      for (let layer = 0; layer < 20; layer++) {
        const s = deriveSeed(seed, layer);
        expect(s).toBe(deriveSeed(seed, layer));
        expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
        seen.add(s);
      }
    }
    expect(seen.size).toBe(400);
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
  });

  it('rejects parts that are not non-negative integers', () => {
    expect(() => deriveSeed(1, -1)).toThrow(/seed part 1/);
    expect(() => deriveSeed(0.5)).toThrow(/seed part 0/);
  });
});
