// The same points give the same components, bit for bit, with a fixed sign (a picture never flips between runs).
import { describe, expect, it } from 'vitest';
import { principalComponents } from '@clusterlens/stats';

import { gaussianBlobs } from './support/gaussian-blobs.js';

describe('principalComponents is deterministic', () => {
  it('gives identical results on repeated calls', () => {
    const { points } = gaussianBlobs(200, 10, 4, 3, 1);
    const a = principalComponents(points, 200, 10);
    const b = principalComponents(points, 200, 10);
    expect(Buffer.from(a.projections.buffer).equals(Buffer.from(b.projections.buffer))).toBe(true);
  });

  it("makes each component's largest entry positive", () => {
    const { points } = gaussianBlobs(200, 10, 4, 3, 2);
    const negated = points.map((v) => -v);
    for (const data of [points, negated]) {
      const pca = principalComponents(data, 200, 10);
      for (let c = 0; c < 2; c++) {
        const component = [...pca.components.subarray(c * 10, (c + 1) * 10)];
        const largest = component.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
        expect(largest).toBeGreaterThan(0);
      }
    }
  });

  it('names the bad argument', () => {
    expect(() => principalComponents(new Float32Array(5), 2, 3)).toThrow(/points: has 5 values, expected n × dim = 6/);
    expect(() => principalComponents(Float32Array.of(1, NaN, 2, 3), 2, 2)).toThrow(/value 1 \(point 0\) is NaN/);
  });
});
