// The Mann-Whitney U statistic of x against y, the numerator of rliable's probability of improvement.

/**
 * U = #{(i, j): x_i > y_j} + ½ #{(i, j): x_i = y_j}, which is SciPy's mannwhitneyu(x, y).statistic
 * (U of the first sample). Both arrays are sorted in place: O((n + m) log(n + m)) rather than n·m
 * comparisons, which matters inside a bootstrap.
 */
export function mannWhitneyUInPlace(x: Float64Array, y: Float64Array): number {
  x.sort();
  y.sort();
  let less = 0; // y values < the current x
  let lessOrEqual = 0; // y values <= the current x
  let twiceU = 0;
  for (let i = 0; i < x.length; i++) {
    while (less < y.length && y[less] < x[i]) less++;
    if (lessOrEqual < less) lessOrEqual = less;
    while (lessOrEqual < y.length && y[lessOrEqual] <= x[i]) lessOrEqual++;
    twiceU += less + lessOrEqual;
  }
  return twiceU / 2;
}
