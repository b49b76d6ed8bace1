// A small seeded generator for resampling: xoshiro128** (Blackman & Vigna), seeded through splitmix64.
// It is not NumPy's generator, so resamples differ from SciPy's for the same seed; intervals agree within
// Monte Carlo error (test/bootstrap-against-scipy.test.ts). 32-bit arithmetic keeps it fast in JavaScript.

const MASK64 = (1n << 64n) - 1n;

/** One splitmix64 step: the next state and its output (both unsigned 64-bit). */
export function splitmix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

export interface SeededRandom {
  /** The next uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform integer in [0, bound), bound in [1, 2^32], without modulo bias. */
  nextInt(bound: number): number;
}

/** Checks a seed: a non-negative safe integer. */
export function checkSeed(seed: number, name = 'seed'): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${name}: expected a non-negative integer below 2^53, got ${String(seed)}`);
  }
}

/** A generator whose whole stream is determined by `seed` (a non-negative integer below 2^53). */
export function seededRandom(seed: number): SeededRandom {
  checkSeed(seed);
  const [state, a] = splitmix64(BigInt(seed));
  const [, b] = splitmix64(state);
  // Two 64-bit splitmix outputs fill the 128-bit state, low word first; they are never all zero in practice.
  let s0 = Number(a & 0xffffffffn);
  let s1 = Number(a >> 32n);
  let s2 = Number(b & 0xffffffffn);
  let s3 = Number(b >> 32n);

  const nextUint32 = (): number => {
    const r1 = Math.imul(s1, 5);
    const result = Math.imul((r1 << 7) | (r1 >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };

  const nextInt = (bound: number): number => {
    if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) {
      throw new RangeError(`nextInt: expected a bound in [1, 2^32], got ${bound}`);
    }
    // Reject the top 2^32 mod bound values so every residue is equally likely.
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const u = nextUint32();
      if (u < limit) return u % bound;
    }
  };

  return { nextUint32, nextInt };
}
