// numpy's summation of a float64 array (np.sum / ndarray.sum on a contiguous 1-D array): pairwise,
// with an 8-way unrolled base case. Reproducing it keeps our rounding equal to scikit-learn's where
// its results depend on it (e.g. AMI of identical all-singleton labelings is exactly 0).

const BLOCK = 128; // numpy's PW_BLOCKSIZE

export function numpySum(values: Float64Array): number {
  // The reduction starts from add's identity, 0.0.
  return 0 + pairwise(values, 0, values.length);
}

function pairwise(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= BLOCK) {
    const r = [a[start], a[start + 1], a[start + 2], a[start + 3], a[start + 4], a[start + 5], a[start + 6], a[start + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    }
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}
