// resvg draws no text when it has no font, silently (TOOLCHAIN.md). The PNGs are checked for drawn text by reading
// their pixels: with the DejaVu fonts the title and axis-label areas hold dark (text) pixels; without fonts they
// hold none, so the check would catch text disappearing.
import { describe, expect, it } from 'vitest';
import { ariOverTrainingFigure, compileFigure, dejavuFontFiles, rasterizeSvg, renderSvg } from '@clusterlens/report';

import { curvePoints } from './support/figure-inputs.js';

const SCALE = 2;

/** Pixels darker than any line or grid colour the figures use (text is black). */
function darkPixels(raster: { pixels: Buffer; width: number }, x0: number, y0: number, x1: number, y1: number): number {
  let count = 0;
  for (let y = y0 * SCALE; y < y1 * SCALE; y++) {
    for (let x = x0 * SCALE; x < x1 * SCALE; x++) {
      const i = (y * raster.width + x) * 4;
      if (raster.pixels[i] < 80 && raster.pixels[i + 1] < 80 && raster.pixels[i + 2] < 80) count++;
    }
  }
  return count;
}

async function figureSvg(): Promise<string> {
  const figure = ariOverTrainingFigure(curvePoints(), { condition: 'KNOWN TITLE' });
  return renderSvg(compileFigure(figure.spec).vega);
}

describe('PNG figures contain their text', () => {
  it('draws the title: dark pixels in the title band with fonts, none without', async () => {
    const svg = await figureSvg();
    const withFonts = rasterizeSvg(svg, { scale: SCALE });
    const withoutFonts = rasterizeSvg(svg, { scale: SCALE, fontFiles: [] });
    // The title sits in the top 30 units, left-aligned.
    expect(darkPixels(withFonts, 0, 0, 300, 30)).toBeGreaterThan(300);
    expect(darkPixels(withoutFonts, 0, 0, 300, 30)).toBe(0);
  });

  it('draws axis labels: dark pixels below the panels and left of them with fonts, none without', async () => {
    const svg = await figureSvg();
    const withFonts = rasterizeSvg(svg, { scale: SCALE });
    const withoutFonts = rasterizeSvg(svg, { scale: SCALE, fontFiles: [] });
    const height = withFonts.height / SCALE;
    // x-axis title ("training step") along the bottom; y-axis labels and title at the left edge.
    const bottom = [0, Math.floor(height) - 25, 500, Math.floor(height)] as const;
    const left = [0, 80, 40, Math.floor(height) - 40] as const;
    expect(darkPixels(withFonts, ...bottom)).toBeGreaterThan(100);
    expect(darkPixels(withFonts, ...left)).toBeGreaterThan(100);
    expect(darkPixels(withoutFonts, ...bottom)).toBe(0);
    expect(darkPixels(withoutFonts, ...left)).toBe(0);
  });

  it('keeps the text as <text> elements in the SVG', async () => {
    const svg = await figureSvg();
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toContain('ARI over training by layer — KNOWN TITLE');
    expect(texts).toContain('training step');
    expect(texts).toContain('ARI');
    expect(texts).toEqual(expect.arrayContaining(['train', 'validation', 'layer', '0', '3']));
  });

  it('refuses to rasterise without the DejaVu fonts, saying how to install them', () => {
    expect(() => dejavuFontFiles('/nonexistent/fonts')).toThrow(/apt-get install -y fonts-dejavu-core/);
  });
});
