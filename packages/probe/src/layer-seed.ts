// Seeds for per-layer clustering, derived from (seed, layer) so that each layer's k-means is
// reproducible on its own and independent of which other layers are probed.

const MASK64 = (1n << 64n) - 1n;
const MAX_SAFE = (1n << 53n) - 1n;

function splitmix64(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * A seed in [0, 2^53) for the given parts (e.g. trial seed, layer, step): splitmix64 applied over
 * the parts in turn. Parts are non-negative safe integers.
 */
export function deriveSeed(...parts: number[]): number {
  let state = 0n;
  parts.forEach((part, i) => {
    if (!Number.isSafeInteger(part) || part < 0) {
      throw new RangeError(`seed part ${i}: expected a non-negative integer, got ${part}`);
    }
    state = splitmix64(state ^ BigInt(part));
  });
  return Number(state & MAX_SAFE);
}
