// Every figure is valid Vega-Lite: vega-lite's own compiler turns it into Vega with no error and no warning, and
// Vega parses and renders the result. The interactive ones keep their selections through compilation.
import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import {
  ariOverTrainingFigure,
  compileFigure,
  finalAriByLayerFigure,
  interventionIqmFigure,
  pcaProjectionFigure,
  probabilityOfImprovementFigure,
  renderSvg,
  type Figure,
} from '@clusterlens/report';

import { curvePoints, layerSummaries, outcomeIntervals } from './support/figure-inputs.js';
import { gaussianBlobs } from '../../stats/test/support/gaussian-blobs.js';

const blobs = gaussianBlobs(120, 6, 3, 4, 3);
const FIGURES: Record<string, () => Figure> = {
  'ARI over training': () => ariOverTrainingFigure(curvePoints()),
  'final ARI by layer (several conditions)': () => finalAriByLayerFigure(layerSummaries()),
  'final ARI by layer (one condition)': () => finalAriByLayerFigure(layerSummaries().filter((r) => r.condition === 'baseline')),
  'interquartile mean': () => interventionIqmFigure(outcomeIntervals()),
  'probability of improvement': () => probabilityOfImprovementFigure(outcomeIntervals().map((r) => ({ ...r, estimate: 0.7, low: 0.4, high: 0.9 })), { baseline: 'baseline' }),
  'PCA projection': () => pcaProjectionFigure(blobs.points, 120, 6, blobs.tasks),
};

describe('figure specs are valid Vega-Lite', () => {
  for (const [name, build] of Object.entries(FIGURES)) {
    it(`${name}: compiles without errors or warnings and renders`, async () => {
      const figure = build();
      const messages: string[] = [];
      const logger = {
        level: () => logger,
        error: (...m: unknown[]) => (messages.push(`error: ${m.join(' ')}`), logger),
        warn: (...m: unknown[]) => (messages.push(`warn: ${m.join(' ')}`), logger),
        info: () => logger,
        debug: () => logger,
      };
      const { spec } = compile(figure.spec, { logger });
      expect(messages).toEqual([]);
      expect(spec.marks?.length).toBeGreaterThan(0);
      const svg = await renderSvg(compileFigure(figure.spec, figure.name).vega);
      expect(svg.startsWith('<svg')).toBe(true);
    });
  }

  it('keeps legend selection and zoom in the compiled ARI figure', () => {
    const { vega } = compileFigure(ariOverTrainingFigure(curvePoints()).spec);
    const signals = JSON.stringify(vega);
    expect(signals).toContain('pickedLayers');
    expect(signals).toContain('zoom');
    expect(vega.legends?.length ?? 0).toBeGreaterThan(0);
  });

  it('reports a spec Vega-Lite rejects as an error naming the figure', () => {
    const broken = { ...ariOverTrainingFigure(curvePoints()).spec, facet: { field: 'split', type: 'nominal' }, spec: { mark: 'nonsense' } };
    expect(() => compileFigure(broken as never, 'broken-figure')).toThrow(/broken-figure/);
  });
});
