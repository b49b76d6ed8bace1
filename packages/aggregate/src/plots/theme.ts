// One look for every figure. The font is named explicitly because resvg has no system font lookup here
// (see fonts.ts) and a browser picks the same family when it is installed.
import type { Config } from 'vega-lite';

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

/** The Vega-Lite schema the specs are written against (vega-lite 6). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
