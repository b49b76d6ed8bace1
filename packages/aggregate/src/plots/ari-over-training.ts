// The paper's main figure (PROTOCOL section 3, claim C1): a clustering metric against training step, one line per
// layer, mean across seeds with its confidence band, one panel per split.
import type { TopLevelSpec } from 'vega-lite';

import { orderSplits } from '../rows/split-order.js';
import { intervalTooltip, type Figure } from './figure.js';
import { meanDomain } from './mean-domain.js';
import { specNumber } from './spec-numbers.js';
import { FIGURE_CONFIG, ORDERED_SCHEME, VEGA_LITE_SCHEMA } from './theme.js';

/** One point of a mean curve: the metric at one step, across seeds. */
export interface CurvePoint {
  split: string;
  layer: number;
  step: number;
  /** Seeds averaged. */
  n: number;
  mean: number;
  /** Confidence band; null where it cannot be computed (a single seed). */
  low: number | null;
  high: number | null;
}

export interface CurveFigureOptions {
  /** File stem (default 'ari-over-training'). */
  name?: string;
  /** Axis title of the metric (default 'ARI'). */
  metricLabel?: string;
  /** Shown in the title, e.g. the intervention. */
  condition?: string;
  /** Level of the band, for the subtitle (default 0.95). */
  confidenceLevel?: number;
  /** Panels per row (default 3). */
  columns?: number;
}

export function ariOverTrainingFigure(points: readonly CurvePoint[], options: CurveFigureOptions = {}): Figure {
  const { name = 'ari-over-training', metricLabel = 'ARI', condition, confidenceLevel = 0.95, columns = 3 } = options;
  if (points.length === 0) throw new RangeError(`${name}: no curve points to plot`);
  const splits = orderSplits(points.map((p) => p.split));
  const level = `${Math.round(confidenceLevel * 100)}%`;
  const title = `${metricLabel} over training by layer${condition ? ` — ${condition}` : ''}`;
  const values = points.map((p) => ({
    split: p.split,
    layer: p.layer,
    step: p.step,
    n: p.n,
    mean: specNumber(p.mean),
    low: specNumber(p.low),
    high: specNumber(p.high),
  }));

  const x = { field: 'step', type: 'quantitative', title: 'training step' } as const;
  // The axis spans the means (and 0), not the bands: with few seeds a t-interval can run far outside the metric's
  // range (ARI <= 1) and squash the curves; bands are clipped to the plotted range instead.
  const y = { type: 'quantitative', title: metricLabel, scale: { domain: meanDomain(points.map((p) => p.mean)), nice: true } } as const;
  const color = {
    field: 'layer',
    type: 'ordinal',
    title: 'layer',
    // Dark for shallow, light for deep, stopping before viridis' pale yellow, which vanishes on white.
    scale: { scheme: ORDERED_SCHEME, extent: [0, 0.85] },
    // Both layers feed one legend; without this its symbols take the bands' pale fill.
    legend: { symbolOpacity: 1, symbolType: 'stroke', symbolStrokeWidth: 3 },
  } as const;
  // Layers not picked in the legend fade out; with nothing picked every layer is drawn.
  const fade = { param: 'pickedLayers', value: 1, empty: true } as const;

  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: `mean across seeds; band: ${level} t-interval of the mean` },
    data: { values },
    facet: { field: 'split', type: 'nominal', sort: splits, title: null, header: { labelFontWeight: 'bold' } },
    columns: Math.min(columns, splits.length),
    spec: {
      width: 240,
      height: 170,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
          mark: { type: 'area', opacity: 0.18, clip: true },
          encoding: {
            x,
            y: { ...y, field: 'low' },
            y2: { field: 'high' },
            color,
            opacity: { condition: { ...fade, value: 0.18 }, value: 0.03 },
          },
        },
        {
          params: [
            { name: 'pickedLayers', select: { type: 'point', fields: ['layer'] }, bind: 'legend' },
            { name: 'zoom', select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales' },
          ],
          mark: { type: 'line', point: { size: 14 }, strokeWidth: 1.8 },
          encoding: {
            x,
            y: { ...y, field: 'mean' },
            color,
            opacity: { condition: fade, value: 0.12 },
            tooltip: [
              { field: 'split', type: 'nominal' },
              { field: 'layer', type: 'ordinal' },
              { field: 'step', type: 'quantitative' },
              ...intervalTooltip(`mean ${metricLabel}`, level),
            ],
          },
        },
      ],
    },
    config: FIGURE_CONFIG,
  };
  return {
    name,
    title,
    caption:
      `${metricLabel} of each layer's hidden states against the task labels, over training, one panel per split ` +
      `(layer 0 = embeddings). Lines: mean across seeds; bands: ${level} Student-t interval of the mean (cut at the plotted range). Click the legend to pick layers; drag or scroll to zoom.`,
    spec,
  };
}
