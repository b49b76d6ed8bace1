// Input checks shared by every statistic: a sample is a non-empty list of finite numbers.

/**
 * What a statistic does with NaN values. NaN in a metrics table means "undefined for this trial"
 * (for example the silhouette with a single task), so it is never silently averaged:
 * - 'raise' (default): throw, naming the argument and the index;
 * - 'omit': drop NaN values first (the sample must still be long enough afterwards).
 * Infinite values always throw: no statistic here has a meaningful value with them.
 */
export type NanPolicy = 'raise' | 'omit';

export interface NanPolicyOption {
  /** What to do with NaN values (default 'raise'). */
  nanPolicy?: NanPolicy;
}

/** A sample as a Float64Array after the NaN policy; throws when fewer than `minLength` values remain. */
export function checkSample(
  values: ArrayLike<number>,
  name: string,
  { nanPolicy = 'raise', minLength = 1 }: { nanPolicy?: NanPolicy; minLength?: number } = {},
): Float64Array {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new TypeError(`${name}: expected an array of numbers`);
  }
  if (nanPolicy !== 'raise' && nanPolicy !== 'omit') {
    throw new RangeError(`nanPolicy: expected 'raise' or 'omit', got ${String(nanPolicy)}`);
  }
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') throw new TypeError(`${name}[${i}]: expected a number, got ${String(v)}`);
    if (Number.isNaN(v)) {
      if (nanPolicy === 'raise') {
        throw new RangeError(`${name}[${i}] is NaN (pass nanPolicy: 'omit' to leave NaN values out)`);
      }
      continue;
    }
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${i}] is ${v}: statistics need finite values`);
    kept.push(v);
  }
  if (kept.length < minLength) {
    const after = kept.length === values.length ? '' : ` after leaving out ${values.length - kept.length} NaN`;
    throw new RangeError(`${name}: needs at least ${minLength} value${minLength === 1 ? '' : 's'}, got ${kept.length}${after}`);
  }
  return Float64Array.from(kept);
}

/** Checks a probability-like level strictly between 0 and 1. */
export function checkLevel(level: number, name: string): void {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`${name}: expected a number strictly between 0 and 1, got ${String(level)}`);
  }
}

/** Checks a positive integer count (resamples, points). */
export function checkPositiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name}: expected a positive integer, got ${String(value)}`);
  }
}
