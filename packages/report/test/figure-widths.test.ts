// Figures stay readable as a sweep grows: faceted figures wrap their panels into rows instead of widening. A report of
// an 8-condition sweep (4 evaluation splits) writes no SVG wider than about 1,800 units; before the panels wrapped,
// the final-ARI-by-layer figure of a 4-condition sweep was 8,496 pixels wide.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { finalAriByLayerFigure, renderFigure, type LayerSummary } from '@clusterlens/report';

import { once, syntheticReport } from './support/report-fixture.js';

const MAX_WIDTH = 1850;
const INTERVENTIONS = ['baseline', 'aux-loss', 'aux-loss-strong', 'task-tokens', 'task-tokens-early', 'centre-loss', 'contrastive', 'lexical-words'];

function svgWidth(svg: string): number {
  const match = /^<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  if (!match) throw new Error('no width on the <svg> element');
  return Number(match[1]);
}

describe('figure widths', () => {
  const report = once(() =>
    syntheticReport(
      { interventions: INTERVENTIONS, seeds: [0, 1, 2], splits: ['train', 'validation', 'unseen-distribution', 'unseen-inputs'], nLayer: 5, steps: [0, 100, 300, 600, 800] },
      { nResamples: 100 },
    ),
  );

  it(`keeps every SVG of an 8-condition report at most ${MAX_WIDTH} wide`, async () => {
    const { figures } = await report();
    const svgs = figures.filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThanOrEqual(INTERVENTIONS.length + 3);
    const widths = Object.fromEntries(svgs.map((file) => [file.slice(file.lastIndexOf('/') + 1), svgWidth(readFileSync(file, 'utf8'))]));
    for (const [name, width] of Object.entries(widths)) expect(width, name).toBeLessThanOrEqual(MAX_WIDTH);
  });

  it('wraps the final-ARI-by-layer panels (one per condition) into rows', async () => {
    const rows: LayerSummary[] = INTERVENTIONS.flatMap((condition) =>
      ['train', 'validation', 'unseen-distribution', 'unseen-inputs'].flatMap((split) =>
        [0, 1, 2, 3, 4, 5, 6].map((layer) => ({ condition, split, layer, n: 5, mean: 0.1 * layer, low: 0.1 * layer - 0.02, high: 0.1 * layer + 0.02 })),
      ),
    );
    const figure = finalAriByLayerFigure(rows);
    const columns = (figure.spec as { columns: number }).columns;
    expect(columns).toBeGreaterThan(1);
    expect(columns).toBeLessThan(INTERVENTIONS.length);
    const { svg } = await renderFigure(figure);
    expect(svgWidth(svg)).toBeLessThanOrEqual(MAX_WIDTH);
    for (const condition of INTERVENTIONS) expect(svg).toContain(`>${condition}</text>`);
  });
});
