// 10^7 points: pair counts reach ~5e13 and their products ~1e28, beyond 2^53; ARI and pair F1 stay
// exact (BigInt products, one rounding per ratio), where plain doubles lose digits.
import { describe, expect, it } from 'vitest';
import { adjustedMutualInfo, adjustedRandIndex, normalizedMutualInfo, pairF1 } from '@clusterlens/stats';

// Contingency tables (rows = true labels, columns = predicted labels), each summing to 10^7.
const STRUCTURED = [
  [2_400_000, 100_000, 0, 37],
  [150_000, 2_300_000, 50_000, 0],
  [1, 0, 2_499_999, 0],
  [0, 250_000, 0, 2_250_000 - 37],
];
// Nearly independent labelings: ARI ~ -1e-7, a difference of two products of ~1e27.
const NEAR_INDEPENDENT = [
  [2_500_001, 2_499_999],
  [2_499_999, 2_500_001],
];

const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);

// Labelings realising a table, with scattered (negative, non-contiguous) label values.
function labelingsFromTable(table: number[][]): [Int32Array, Int32Array] {
  const n = sum(table.flat());
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  let p = 0;
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      a.fill(i * 1000 - 1500, p, p + count);
      b.fill(-j * 77, p, p + count);
      p += count;
    }),
  );
  return [a, b];
}

const choose2 = (x: bigint) => (x * (x - 1n)) / 2n;

// From unordered pair counts:
//   ARI = (sumCells - sumRows sumCols / total) / ((sumRows + sumCols) / 2 - sumRows sumCols / total),
// multiplied through by 2 total so that BigInt keeps it exact; each ratio is rounded once.
function reference(table: number[][]) {
  const cells = table.flat().map(BigInt);
  const rows = table.map((r) => BigInt(sum(r)));
  const cols = table[0].map((_, j) => BigInt(sum(table.map((r) => r[j]))));
  const sumCells = cells.reduce((s, v) => s + choose2(v), 0n);
  const sumRows = rows.reduce((s, v) => s + choose2(v), 0n);
  const sumCols = cols.reduce((s, v) => s + choose2(v), 0n);
  const total = choose2(BigInt(sum(table.flat())));
  const [c, r, k, t] = [sumCells, sumRows, sumCols, total].map(Number);
  return {
    total,
    ari: Number(2n * (sumCells * total - sumRows * sumCols)) / Number((sumRows + sumCols) * total - 2n * sumRows * sumCols),
    naiveAri: (2 * (c * t - r * k)) / ((r + k) * t - 2 * r * k),
    pairF1: Number(2n * sumCells) / Number(sumRows + sumCols),
  };
}

describe('10^7 points', () => {
  for (const [name, table] of [
    ['structured', STRUCTURED],
    ['nearly independent', NEAR_INDEPENDENT],
  ] as const) {
    describe(name, () => {
      const [a, b] = labelingsFromTable(table);
      const want = reference(table);

      it('pair counts exceed 2^32 and their products 2^53', () => {
        expect(a.length).toBe(10_000_000);
        expect(want.total).toBeGreaterThan(2n ** 32n);
        expect(want.total * want.total).toBeGreaterThan(2n ** 53n);
      });

      it('ARI equals the BigInt computation to rounding', () => {
        const ari = adjustedRandIndex(a, b);
        expect(Math.abs(ari - want.ari)).toBeLessThanOrEqual(4e-16 * Math.abs(want.ari));
      });

      it('pair F1 equals the BigInt computation exactly', () => {
        expect(pairF1(a, b)).toBe(want.pairF1);
      });
    });
  }

  it('plain doubles would not be exact (what the BigInt path avoids)', () => {
    const want = reference(NEAR_INDEPENDENT);
    expect(Math.abs(want.naiveAri - want.ari)).toBeGreaterThan(1e-12 * Math.abs(want.ari));
  });

  it('AMI and NMI are finite and ordered; 1 for identical labelings', () => {
    const [a, b] = labelingsFromTable(STRUCTURED);
    const ami = adjustedMutualInfo(a, b);
    const nmi = normalizedMutualInfo(a, b);
    expect(ami).toBeGreaterThan(0.5);
    expect(nmi).toBeGreaterThan(ami); // the chance correction lowers it
    expect(nmi).toBeLessThan(1);
    expect(adjustedMutualInfo(a, a)).toBeCloseTo(1, 9);
    expect(normalizedMutualInfo(b, b)).toBeCloseTo(1, 12);
    const [c, d] = labelingsFromTable(NEAR_INDEPENDENT);
    expect(Math.abs(adjustedMutualInfo(c, d))).toBeLessThan(1e-6);
  });
});
