/** Mixes non-negative integers (up to 2^53) into one 32-bit seed, so derived streams (per layer, per step) are independent. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  const absorb = (word: number) => {
    h = Math.imul(h ^ (word >>> 0), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  };
  for (const part of parts) {
    absorb(part % 2 ** 32);
    absorb(Math.floor(part / 2 ** 32));
  }
  return h;
}
