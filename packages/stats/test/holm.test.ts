// Holm's correction against a hand computation and against statsmodels' multipletests(method='holm'), whose values
// are written down below from its definition (sort ascending, multiply the i-th smallest by m - i + 1, running
// maximum, cap at 1, back to the input order): statsmodels is not installed here, the definition is the reference.
import { describe, expect, it } from 'vitest';
import { holm } from '@clusterlens/stats';

describe('holm', () => {
  it('matches a hand computation', () => {
    // Sorted: 0.005 (·4 = 0.02), 0.01 (·3 = 0.03), 0.03 (·2 = 0.06), 0.04 (·1 = 0.04 -> running max 0.06).
    expect(Array.from(holm([0.01, 0.04, 0.03, 0.005]))).toEqual([0.03, 0.06, 0.06, 0.02].map((x) => expect.closeTo(x, 15)));
  });

  it("matches statsmodels' multipletests(method='holm') values", () => {
    const cases: [number[], number[]][] = [
      [[0.001, 0.2, 0.015, 0.02, 0.9, 0.04], [0.006, 0.4, 0.075, 0.08, 0.9, 0.12]],
      [[0.5, 0.5, 0.01], [1.0, 1.0, 0.03]],
      [[0.3, 0.0004, 0.012, 0.012, 0.047, 0.6, 0.021], [0.6, 0.0028, 0.072, 0.072, 0.141, 0.6, 0.084]],
    ];
    for (const [p, expected] of cases) {
      const adjusted = holm(p);
      expected.forEach((x, i) => expect(adjusted[i], `p = ${p}, index ${i}`).toBeCloseTo(x, 14));
    }
  });

  it('rejects exactly what the step-down procedure rejects at α', () => {
    const p = [0.3, 0.0004, 0.012, 0.012, 0.047, 0.6, 0.021];
    const alpha = 0.08;
    // Step-down by hand: 0.0004 <= 0.08/7, 0.012 <= 0.08/6, 0.012 <= 0.08/5, 0.021 > 0.08/4: stop.
    expect(Array.from(holm(p), (q) => q <= alpha)).toEqual([false, true, true, true, false, false, false]);
  });

  it('keeps order-independent results, caps at 1 and handles no p-values', () => {
    const p = [0.02, 0.6, 0.02, 0.9];
    const reversed = holm([...p].reverse());
    expect(Array.from(holm(p))).toEqual(Array.from(reversed).reverse());
    expect(Math.max(...holm([0.4, 0.5, 0.6]))).toBe(1);
    expect(holm([]).length).toBe(0);
    expect(Array.from(holm([0.03]))).toEqual([0.03]);
  });

  it('rejects NaN and values outside [0, 1], naming the index', () => {
    expect(() => holm([0.1, NaN])).toThrow(/pValues\[1\]: expected a probability in \[0, 1\], got NaN/);
    expect(() => holm([1.5])).toThrow(/pValues\[0\]/);
  });
});
