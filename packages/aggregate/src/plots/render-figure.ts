// A figure's files: Vega-Lite -> Vega -> SVG -> PNG, all in Node.
import type { Spec as VegaSpec } from 'vega';

import { compileFigure } from './compile-figure.js';
import type { Figure } from './figure.js';
import { rasterizeSvg, type RasterizeOptions } from './rasterize-svg.js';
import { renderSvg } from './render-svg.js';

export interface RenderedFigure {
  figure: Figure;
  /** The compiled Vega spec (what report.html embeds). */
  vega: VegaSpec;
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/** Same figure, same bytes: the data is inline, Vega's ids are reset and fonts are fixed. */
export async function renderFigure(figure: Figure, options: RasterizeOptions = {}): Promise<RenderedFigure> {
  const { vega } = compileFigure(figure.spec, figure.name);
  const svg = await renderSvg(vega);
  const { png, width, height } = rasterizeSvg(svg, options);
  return { figure, vega, svg, png, width, height };
}
