// Scores split into strata (rliable's tasks): one array of run scores per stratum.
import { checkSample, type NanPolicy } from './sample-checks.js';

/**
 * One array of run (seed) scores per stratum. rliable calls strata tasks and stores them as a
 * (runs × tasks) matrix; here each stratum is its own array, so strata may have different numbers of runs.
 */
export type Strata = readonly ArrayLike<number>[];

/** Each stratum checked as a sample (at least `minRuns` values after the NaN policy). */
export function checkStrata(strata: Strata, name: string, nanPolicy: NanPolicy = 'raise', minRuns = 1): Float64Array[] {
  if (!Array.isArray(strata)) throw new TypeError(`${name}: expected an array with one array of run scores per stratum`);
  if (strata.length === 0) throw new RangeError(`${name}: needs at least one stratum`);
  return strata.map((stratum, i) => checkSample(stratum, `${name}[${i}]`, { nanPolicy, minLength: minRuns }));
}

/** All scores of all strata in one array. */
export function concatenateStrata(strata: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const stratum of strata) total += stratum.length;
  const flat = new Float64Array(total);
  let offset = 0;
  for (const stratum of strata) {
    flat.set(stratum, offset);
    offset += stratum.length;
  }
  return flat;
}
