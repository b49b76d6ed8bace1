// SVG -> PNG with resvg, with explicit fonts: resvg silently leaves out text it has no font for.
import { Resvg } from '@resvg/resvg-js';

import { dejavuFontFiles } from './fonts.js';
import { FIGURE_FONT } from './theme.js';

export interface RasterizeOptions {
  /** Font files to draw text with (default: DejaVu Sans from fonts.ts). An empty list draws no text. */
  fontFiles?: readonly string[];
  /** Pixels per SVG unit (default 2, for sharp figures on high-density screens and in print). */
  scale?: number;
}

export interface Raster {
  png: Buffer;
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row-major: what tests read to find drawn text. */
  pixels: Buffer;
}

export function rasterizeSvg(svg: string, options: RasterizeOptions = {}): Raster {
  const { fontFiles = dejavuFontFiles(), scale = 2 } = options;
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: {
      // No system lookup: the same fonts on every machine make the same pixels.
      loadSystemFonts: false,
      fontFiles: [...fontFiles],
      defaultFontFamily: FIGURE_FONT,
      sansSerifFamily: FIGURE_FONT,
    },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}
