/**
 * The seed tree. Every random choice of a trial descends from the trial seed through named forks, e.g.
 * `new Random(seed).fork('init')`, `.fork('sampler')`, `.fork('eval')`, `.fork('probe', step)`
 * (experiment/src/seeds.ts), so the same seed gives the same choices bit for bit on any machine, in any package.
 * Code that takes an integer seed (the C++ engine) gets one derived from its branch with `seed()`.
 *
 * A stream is identified by a 64-bit key (two 32-bit words). `fork(label)` derives a child key from the parent's key
 * and the label only, never from how many numbers the parent has produced: adding a draw in one place cannot shift
 * the numbers drawn anywhere else. The generator is xoshiro128** seeded with splitmix32.
 */
export class Random {
  private keyHi = 0;
  private keyLo = 0;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** `seed`: a non-negative safe integer. */
  constructor(seed: number) {
    checkSeed(seed);
    this.setKey(Math.floor(seed / 2 ** 32) >>> 0, seed >>> 0);
  }

  /**
   * An independent stream named by `labels`; the same parent key and labels always give the same stream.
   * `fork(a, b)` is `fork(a).fork(b)`; a number label is its decimal text.
   */
  fork(...labels: readonly (string | number)[]): Random {
    if (labels.length === 0) throw new RangeError('fork: expected at least one label');
    let child = this.forkOne(labels[0]);
    for (const label of labels.slice(1)) child = child.forkOne(label);
    return child;
  }

  /** A non-negative safe integer determined by this stream's key alone, for code that takes an integer seed. */
  seed(): number {
    return (this.keyHi >>> 11) * 2 ** 32 + (this.keyLo >>> 0);
  }

  private forkOne(label: string | number): Random {
    const text = String(label);
    const hi = mixString(this.keyHi ^ 0x9e3779b9, text);
    const lo = mixString(this.keyLo ^ 0x85ebca6b, text);
    const child = new Random(0);
    // Both halves see both parent words, so streams whose keys differ in one word only still diverge.
    child.setKey(fmix32(hi ^ Math.imul(this.keyLo, 0xcc9e2d51)) >>> 0, fmix32(lo ^ Math.imul(this.keyHi, 0x1b873593)) >>> 0);
    return child;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform integer in [0, n), without modulo bias; n in [1, 2^32]. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`int(n): n = ${n} is not in [1, 2^32]`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.uint32();
      if (x < limit) return x % n;
    }
  }

  /** A uniform integer in [min, max], both inclusive. */
  intBetween(min: number, max: number): number {
    if (max < min) throw new RangeError(`intBetween: max ${max} < min ${min}`);
    return min + this.int(max - min + 1);
  }

  /** A uniform float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.uint32() / 2 ** 32;
  }

  /** A standard normal draw (Box-Muller from two uniform draws; the second value is not kept, so the stream stays simple). */
  normal(): number {
    const u = 1 - this.float(); // in (0, 1]: the logarithm stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick: no items to pick from');
    return items[this.int(items.length)];
  }

  /** A shuffled copy (Fisher-Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  /** `k` distinct items in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    if (!Number.isInteger(k) || k < 0 || k > items.length) {
      throw new RangeError(`sample: cannot draw ${k} distinct items from ${items.length}`);
    }
    // Partial Fisher-Yates: only the first k slots are settled.
    const out = items.slice();
    for (let i = 0; i < k; i++) {
      const j = i + this.int(out.length - i);
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out.slice(0, k);
  }

  private setKey(hi: number, lo: number): void {
    this.keyHi = hi;
    this.keyLo = lo;
    let state = this.keyLo ^ Math.imul(this.keyHi, 0x27d4eb2d);
    const next = () => {
      state = (state + 0x9e3779b9) | 0;
      return splitmix32(state ^ this.keyHi);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // xoshiro must not start from the all-zero state.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }
}

/** Throws unless `seed` is a valid seed: a non-negative integer below 2^53 (`name` says which option it was). */
export function checkSeed(seed: number, name = 'seed'): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${name}: expected a non-negative integer below 2^53, got ${String(seed)}`);
  }
}

/** The integers 0..n-1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function splitmix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Murmur3-style absorption of a string's UTF-16 code units into a 32-bit hash. */
function mixString(h: number, text: string): number {
  h = Math.imul(h ^ text.length, 0x5bd1e995);
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = rotl(k, 15);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = rotl(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h);
}
