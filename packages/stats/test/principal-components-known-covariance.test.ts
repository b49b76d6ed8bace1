// Data drawn with a known covariance: the principal directions are the ones built in, up to sampling error.
import { describe, expect, it } from 'vitest';
import { principalComponents } from '@clusterlens/stats';

/** Box-Muller normals from a seeded linear congruential generator. */
function normals(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

describe('principalComponents on data of known covariance', () => {
  it('recovers rotated axes with standard deviations 5, 3, 1, 1, ...', () => {
    const n = 20000;
    const dim = 6;
    // Orthonormal directions: two rotated in the (0, 1) plane by 30 degrees, the rest the remaining axes.
    const angle = Math.PI / 6;
    const u1 = [Math.cos(angle), Math.sin(angle), 0, 0, 0, 0];
    const u2 = [-Math.sin(angle), Math.cos(angle), 0, 0, 0, 0];
    const sds = [5, 3, 1, 1, 1, 1];
    const axes = [u1, u2, [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1]];
    const gaussian = normals(42);
    const points = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < dim; a++) {
        const z = sds[a] * gaussian();
        for (let d = 0; d < dim; d++) points[i * dim + d] += z * axes[a][d] + (d === 0 ? 10 : 0) / dim;
      }
    }
    const pca = principalComponents(points, n, dim);
    const pc1 = [...pca.components.subarray(0, dim)];
    const pc2 = [...pca.components.subarray(dim, 2 * dim)];
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
    expect(Math.abs(dot(pc1, u1))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(pc2, u2))).toBeGreaterThan(0.995);
    // Sampling error of a variance with n = 20000 is about sqrt(2/n) = 1% relative.
    expect(pca.variances[0] / 25).toBeGreaterThan(0.96);
    expect(pca.variances[0] / 25).toBeLessThan(1.04);
    expect(pca.variances[1] / 9).toBeGreaterThan(0.96);
    expect(pca.variances[1] / 9).toBeLessThan(1.04);
  });

  it('projects centred points whose variance along each component is its eigenvalue', () => {
    const gaussian = normals(7);
    const n = 500;
    const dim = 5;
    const points = Float32Array.from({ length: n * dim }, (_, i) => (1 + (i % dim)) * gaussian() + 3);
    const pca = principalComponents(points, n, dim);
    for (let c = 0; c < 2; c++) {
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < n; i++) sum += pca.projections[i * 2 + c];
      for (let i = 0; i < n; i++) squares += pca.projections[i * 2 + c] ** 2;
      expect(Math.abs(sum / n)).toBeLessThan(1e-9);
      expect(squares / (n - 1)).toBeCloseTo(pca.variances[c], 6);
    }
  });
});
