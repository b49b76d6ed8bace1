// Random axis values, reproducible from the spec alone: the same randomSeed draws the same values on every machine.
import { createHash } from 'node:crypto';

/**
 * The i-th uniform number in [0, 1) of the stream named by (seed, name). Counter-based (a hash of the three), so
 * each axis has its own stream: adding or reordering axes never changes another axis's draws.
 */
export function uniformAt(seed: number, name: string, i: number): number {
  const digest = createHash('sha256').update(`${seed}\u0000${name}\u0000${i}`).digest();
  // 53 random bits: every double in [0, 1) on the 2^-53 grid is equally likely.
  const high = digest.readUInt32BE(0) >>> 5; // 27 bits
  const low = digest.readUInt32BE(4) >>> 6; // 26 bits
  return (high * 2 ** 26 + low) / 2 ** 53;
}

/**
 * Drawn values are rounded to 6 significant digits: trial labels stay readable and a value printed in a report
 * can be typed back into a spec as exactly the same number.
 */
export function roundSignificant(value: number, digits = 6): number {
  return Number(value.toPrecision(digits));
}
