// Bad inputs to the native k-means and silhouette become errors that name the field; nothing crashes.
import { describe, expect, it } from 'vitest';
import { kmeans as nativeKmeans, silhouette as nativeSilhouette } from '@clusterlens/native';
import { kmeans, silhouette } from '@clusterlens/probe';

const data = new Float32Array([0, 0, 0, 1, 1, 0, 10, 10, 10, 11, 11, 10]);
const n = 6;
const dim = 2;

describe('native argument errors', () => {
  it('k-means', async () => {
    const cases: Array<[() => Promise<unknown>, RegExp]> = [
      [() => kmeans(data, { n, dim, k: 7, seed: 0 }), /options\.k: expected an integer in \[1, n = 6\], got 7/],
      [() => kmeans(data, { n, dim, k: 0, seed: 0 }), /options\.k/],
      [() => kmeans(data, { n, dim, k: 2.5, seed: 0 }), /options\.k: .*got 2\.5/],
      [() => kmeans(data, { n: 5, dim, k: 2, seed: 0 }), /data: expected length 10, got 12/],
      [() => kmeans(data, { n: 0, dim, k: 2, seed: 0 }), /options\.n/],
      [() => kmeans(data, { n, dim: 1.5, k: 2, seed: 0 }), /options\.dim/],
      [() => kmeans(data.map((v, i) => (i === 3 ? NaN : v)), { n, dim, k: 2, seed: 0 }), /data\[3\]: nan is not finite/],
      [() => kmeans(data.map((v, i) => (i === 5 ? Infinity : v)), { n, dim, k: 2, seed: 0 }), /data\[5\]/],
      [() => kmeans(data, { n, dim, k: 2, seed: -1 }), /options\.seed/],
      [() => kmeans(data, { n, dim, k: 2, seed: 0.5 }), /options\.seed/],
      [() => kmeans(data, { n, dim, k: 2 } as never), /options\.seed: expected a number, got undefined/],
      [() => kmeans(data, { n, dim, k: 2, seed: 0, nInit: 0 }), /options\.nInit/],
      [() => kmeans(data, { n, dim, k: 2, seed: 0, maxIter: 1.5 }), /options\.maxIter/],
      [() => kmeans(data, { n, dim, k: 2, seed: 0, tol: -1 }), /options\.tol/],
      [() => kmeans(data, { n, dim, k: 2, seed: 0, tol: NaN }), /options\.tol/],
      [() => kmeans(data, { n, dim, k: 2, seed: 0, threads: 0 }), /options\.threads/],
      [() => kmeans(data, { n, dim, k: 2, seed: 0, init: new Float32Array(3) }), /options\.init: expected length 4/],
      [() => kmeans(Array.from(data) as never, { n, dim, k: 2, seed: 0 }), /data: expected a Float32Array/],
      [() => nativeKmeans(data, undefined as never), /options: expected an object/],
      [() => nativeKmeans(data, { n: '6', dim, k: 2, seed: 0 } as never), /options\.n: expected a number/],
    ];
    for (const [call, message] of cases) await expect(call()).rejects.toThrow(message);
  });

  it('silhouette', async () => {
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const cases: Array<[() => Promise<unknown>, RegExp]> = [
      [() => nativeSilhouette(data, Int32Array.from([0, 0, 0, -1, 1, 1]), { n, dim, seed: 0 }), /labels\[3\]: -1 is negative/],
      [() => nativeSilhouette(data, labels.subarray(1), { n, dim, seed: 0 }), /labels: expected length 6, got 5/],
      [() => nativeSilhouette(data, new Float32Array(6) as never, { n, dim, seed: 0 }), /labels: expected a Int32Array/],
      [() => silhouette(data, [0, 0, 0, 0, 0, 0], { n, dim, seed: 0 }), /labels: the silhouette needs 2 to 5 distinct labels/],
      [() => silhouette(data, [0, 1, 2, 3, 4, 5], { n, dim, seed: 0 }), /labels: the silhouette needs 2 to 5/],
      [() => silhouette(data, labels, { n, dim, seed: 0, sampleSize: 1 }), /options\.sampleSize/],
      [() => silhouette(data, labels, { n, dim: 3, seed: 0 }), /data: expected length 18/],
      [() => silhouette(data.map((v, i) => (i === 0 ? NaN : v)), labels, { n, dim, seed: 0 }), /data\[0\]/],
      [() => silhouette(data, [0, 0.5, 0, 1, 1, 1], { n, dim, seed: 0 }), /labels\[1\]: expected an integer label/],
      [() => silhouette(data, labels, { n, dim } as never), /options\.seed/],
    ];
    for (const [call, message] of cases) await expect(call()).rejects.toThrow(message);
  });

  it('still works after the errors', async () => {
    const result = await kmeans(data, { n, dim, k: 2, seed: 0 });
    expect(result.inertia).toBeCloseTo(4 * (2 / 3), 5);
  });
});
