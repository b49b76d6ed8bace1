// The 2-D picture of hidden states on Gaussian blobs: each task's points gather apart from the others.
import { describe, expect, it } from 'vitest';
import { pcaProjectionFigure, renderFigure } from '@clusterlens/report';

import { gaussianBlobs } from '../../stats/test/support/gaussian-blobs.js';

interface Datum {
  pc1: number;
  pc2: number;
  task: string;
}

describe('pcaProjectionFigure', () => {
  const n = 300;
  const dim = 20;
  const { points, tasks } = gaussianBlobs(n, dim, 3, 8, 11);
  const figure = pcaProjectionFigure(points, n, dim, tasks, { title: 'train, layer 3, step 800', taskNames: ['capital', 'plural', 'successor'] });
  const values = (figure.spec as { data: { values: Datum[] } }).data.values;

  it('plots one point per instance, named by task', () => {
    expect(values).toHaveLength(n);
    expect(new Set(values.map((v) => v.task))).toEqual(new Set(['capital', 'plural', 'successor']));
  });

  it('separates the blobs: task centres far apart compared with the spread within a task', () => {
    const centres = ['capital', 'plural', 'successor'].map((task) => {
      const mine = values.filter((v) => v.task === task);
      const cx = mine.reduce((s, v) => s + v.pc1, 0) / mine.length;
      const cy = mine.reduce((s, v) => s + v.pc2, 0) / mine.length;
      const spread = Math.sqrt(mine.reduce((s, v) => s + (v.pc1 - cx) ** 2 + (v.pc2 - cy) ** 2, 0) / mine.length);
      return { cx, cy, spread };
    });
    for (let a = 0; a < 3; a++) {
      for (let b = a + 1; b < 3; b++) {
        const distance = Math.hypot(centres[a].cx - centres[b].cx, centres[a].cy - centres[b].cy);
        // Blob centres are 8·√2 ≈ 11.3 apart; unit noise gives a 2-D spread of about √2.
        expect(distance).toBeGreaterThan(5 * Math.max(centres[a].spread, centres[b].spread));
      }
    }
  });

  it('reports the variance explained: two blob directions hold most of it', () => {
    expect(figure.explained[0] + figure.explained[1]).toBeGreaterThan(0.5);
    expect(figure.explained[0]).toBeGreaterThanOrEqual(figure.explained[1]);
  });

  it('renders with its title and axis titles as text', async () => {
    const { svg } = await renderFigure(figure);
    expect(svg).toContain('>train, layer 3, step 800</text>');
    expect(svg).toMatch(/>PC1 \(\d+\.\d%\)<\/text>/);
  });

  it('needs one task id per point', () => {
    expect(() => pcaProjectionFigure(points, n, dim, new Int32Array(3))).toThrow(/tasks: expected an Int32Array of n = 300/);
  });
});
