// A figure and its files, all made in Node: Vega-Lite -> Vega (compiled once, so report.html needs only Vega) ->
// SVG (Vega's headless renderer) -> PNG (resvg, with explicit fonts). One look for every figure, and the same
// figure always gives the same bytes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type Config, type TopLevelSpec } from 'vega-lite';

// ------------------------------------------------------------------------------------------------ figures

/** A figure: a Vega-Lite specification with the name its files get and the words a report shows with it. */
export interface Figure {
  /** File stem: figures/<name>.svg and .png; also the id of its chart in report.html. */
  name: string;
  /** One line, shown above the chart in the report. */
  title: string;
  /** What the figure shows and how to read it (intervals, selections). */
  caption: string;
  /** Self-contained: the data is inline (`data.values`), so the spec renders anywhere, offline. */
  spec: TopLevelSpec;
}

/**
 * Numbers as they go into a spec's inline data: six significant digits are more than a picture can show and
 * keep report.html small; NaN and infinities (not JSON) become null, which Vega treats as missing.
 */
export function specNumber(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Number(value.toPrecision(6));
}

// ------------------------------------------------------------------------------------------------ theme and fonts

// The font is named explicitly because resvg has no system font lookup here (see dejavuFontFiles) and a browser
// picks the same family when it is installed.
export const FIGURE_FONT = 'DejaVu Sans';

/** Colour scheme for ordered categories (layers: shallow light, deep dark) and for unordered ones. */
export const ORDERED_SCHEME = 'viridis';
export const CATEGORY_SCHEME = 'tableau10';

export const FIGURE_CONFIG: Config = {
  font: FIGURE_FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#cccccc' },
  title: { fontSize: 14, anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eeeeee' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
};

// Faceted figures wrap their panels into rows so that a figure stays readable, and fits a screen or a page, however
// many conditions or splits a sweep has: no figure is wider than about MAX_FIGURE_WIDTH.

/** The widest a figure should be, in SVG units (its PNG is twice as many pixels). */
export const MAX_FIGURE_WIDTH = 1800;

/**
 * Panels per row: as many as fit `budget` (the figure's width less its legend and margins) at `panelWidth` plus
 * `panelMargin` each (axis labels, spacing), at least 1, at most `panels` and at most `preferred`.
 */
export function wrapColumns(panels: number, panelWidth: number, { panelMargin = 70, budget = MAX_FIGURE_WIDTH - 260, preferred = Infinity } = {}): number {
  const fit = Math.floor(budget / (panelWidth + panelMargin));
  return Math.max(1, Math.min(panels, preferred, fit));
}

/** The Vega-Lite schema the specs are written against (vega-lite 6). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

// resvg draws no text at all when it has no font for it, silently (TOOLCHAIN.md), so the font files are given
// explicitly and their absence is an error instead of a PNG without labels.

/** Where Debian's fonts-dejavu-core puts DejaVu. */
export const DEJAVU_DIRECTORY = '/usr/share/fonts/truetype/dejavu';

/** Regular, bold (titles) and oblique faces of DejaVu Sans. */
const DEJAVU_FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'];

/** The DejaVu Sans files in `directory`; an error telling how to install them when the regular face is missing. */
export function dejavuFontFiles(directory = DEJAVU_DIRECTORY): string[] {
  const files = DEJAVU_FONT_FILES.map((name) => join(directory, name)).filter((file) => existsSync(file));
  if (!files.some((file) => file.endsWith('DejaVuSans.ttf'))) {
    throw new Error(
      `${join(directory, 'DejaVuSans.ttf')} not found: PNG figures need it for their text ` +
        '(apt-get install -y fonts-dejavu-core, or pass fontFiles)',
    );
  }
  return files;
}

// ------------------------------------------------------------------------------------------------ Vega-Lite -> Vega

// Done once in Node: report.html then needs only vega.min.js in the page (no Vega-Lite compiler in the browser),
// and a spec that Vega-Lite would only warn about fails here, where it is fixed.

export interface CompiledFigure {
  vega: vega.Spec;
  /** Vega-Lite's warnings (empty for a clean spec). */
  warnings: string[];
}

/** Records Vega-Lite's messages instead of printing them. */
function collectingLogger(warnings: string[], errors: string[]): vega.LoggerInterface {
  const logger: vega.LoggerInterface = {
    level: () => logger,
    error: (...args: unknown[]) => (errors.push(args.map(String).join(' ')), logger),
    warn: (...args: unknown[]) => (warnings.push(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** The Vega spec of a Vega-Lite spec. Errors (logged or thrown) become one error naming the figure. */
export function compileFigure(spec: TopLevelSpec, name = 'figure'): CompiledFigure {
  const warnings: string[] = [];
  const errors: string[] = [];
  let compiled: vega.Spec;
  try {
    compiled = compile(spec, { logger: collectingLogger(warnings, errors) }).spec;
  } catch (error) {
    throw new Error(`${name}: Vega-Lite cannot compile the spec: ${(error as Error).message}`);
  }
  if (errors.length > 0) throw new Error(`${name}: Vega-Lite reported errors: ${errors.join('; ')}`);
  return { vega: compiled, warnings };
}

// ------------------------------------------------------------------------------------------------ Vega -> SVG -> PNG

/**
 * The SVG text of a Vega spec, without a browser or a canvas (Vega's headless renderer, text measured by its
 * estimate). Vega numbers clip paths and gradients from module-level counters; they are reset before each render
 * so the same spec gives the same bytes however many figures came before it.
 */
export async function renderSvg(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    vega.resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface RasterizeOptions {
  /** Font files to draw text with (default: DejaVu Sans, dejavuFontFiles()). An empty list draws no text. */
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

/** SVG -> PNG with resvg, with explicit fonts: resvg silently leaves out text it has no font for. */
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

export interface RenderedFigure {
  figure: Figure;
  /** The compiled Vega spec (what report.html embeds). */
  vega: vega.Spec;
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/** A figure's files. Same figure, same bytes: the data is inline, Vega's ids are reset and fonts are fixed. */
export async function renderFigure(figure: Figure, options: RasterizeOptions = {}): Promise<RenderedFigure> {
  const { vega: compiled } = compileFigure(figure.spec, figure.name);
  const svg = await renderSvg(compiled);
  const { png, width, height } = rasterizeSvg(svg, options);
  return { figure, vega: compiled, svg, png, width, height };
}
