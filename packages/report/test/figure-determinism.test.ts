// Same input, same bytes: Vega's clip-path and gradient counters are reset per render, the data is inline and the
// fonts are fixed, so a report rebuilt from the same sweep does not change.
import { describe, expect, it } from 'vitest';
import { ariOverTrainingFigure, finalAriByLayerFigure, renderFigure } from '@clusterlens/report';

import { curvePoints, layerSummaries } from './support/figure-inputs.js';

describe('figures are deterministic', () => {
  it('renders the same SVG and PNG bytes twice, with another figure rendered in between', async () => {
    const first = await renderFigure(ariOverTrainingFigure(curvePoints()));
    await renderFigure(finalAriByLayerFigure(layerSummaries()));
    const second = await renderFigure(ariOverTrainingFigure(curvePoints()));
    expect(second.svg).toBe(first.svg);
    expect(second.png.equals(first.png)).toBe(true);
  });

  it('uses clip paths, so the reset of their ids is what the check above exercises', async () => {
    const { svg } = await renderFigure(ariOverTrainingFigure(curvePoints()));
    expect(svg).toMatch(/clipPath id="clip1"/);
  });
});
