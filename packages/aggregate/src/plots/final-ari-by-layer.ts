// Claim C2 in one picture: the final value of a clustering metric by depth, mean across seeds with its interval,
// one panel per split, one colour per condition (intervention) when a sweep has several.
import type { TopLevelSpec } from 'vega-lite';

import { orderSplits } from '../rows/split-order.js';
import { intervalTooltip, type Figure } from './figure.js';
import { meanDomain } from './mean-domain.js';
import { specNumber } from './spec-numbers.js';
import { CATEGORY_SCHEME, FIGURE_CONFIG, VEGA_LITE_SCHEMA } from './theme.js';

/** One layer's final value across seeds. */
export interface LayerSummary {
  condition: string;
  split: string;
  layer: number;
  n: number;
  mean: number;
  low: number | null;
  high: number | null;
}

export interface LayerFigureOptions {
  name?: string;
  metricLabel?: string;
  confidenceLevel?: number;
  /** Order of the conditions in the legend (default: as they first appear). */
  conditions?: readonly string[];
  columns?: number;
}

export function finalAriByLayerFigure(rows: readonly LayerSummary[], options: LayerFigureOptions = {}): Figure {
  const { name = 'final-ari-by-layer', metricLabel = 'ARI', confidenceLevel = 0.95, columns = 3 } = options;
  if (rows.length === 0) throw new RangeError(`${name}: no layer summaries to plot`);
  const conditions = options.conditions ?? [...new Set(rows.map((r) => r.condition))];
  const splits = orderSplits(rows.map((r) => r.split));
  const level = `${Math.round(confidenceLevel * 100)}%`;
  const several = conditions.length > 1;
  const title = `Final ${metricLabel} by layer`;
  const values = rows.map((r) => ({
    condition: r.condition,
    split: r.split,
    layer: r.layer,
    n: r.n,
    mean: specNumber(r.mean),
    low: specNumber(r.low),
    high: specNumber(r.high),
  }));

  const x = { field: 'layer', type: 'ordinal', title: 'layer (0 = embeddings)', axis: { labelAngle: 0 } } as const;
  // As in the curves figure: the axis spans the means, intervals are clipped (few seeds give very wide ones).
  const y = { type: 'quantitative', title: `final ${metricLabel}`, scale: { domain: meanDomain(rows.map((r) => r.mean)), nice: true } } as const;
  const color = several
    ? ({ field: 'condition', type: 'nominal', title: 'condition', sort: [...conditions], scale: { scheme: CATEGORY_SCHEME } } as const)
    : ({ value: '#3a6ea5' } as const);
  // Side by side within a layer when several conditions share it.
  const xOffset = several ? { xOffset: { field: 'condition', type: 'nominal', sort: [...conditions] } as const } : {};
  const fade = several ? { opacity: { condition: { param: 'pickedConditions', value: 1, empty: true }, value: 0.15 } } : {};
  const params = several ? [{ name: 'pickedConditions', select: { type: 'point' as const, fields: ['condition'] }, bind: 'legend' as const }] : [];

  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: `value at each trial's last step; point: mean across seeds; bar: ${level} t-interval` },
    data: { values },
    facet: { field: 'split', type: 'nominal', sort: splits, title: null, header: { labelFontWeight: 'bold' } },
    columns: Math.min(columns, splits.length),
    spec: {
      width: several ? { step: 14 * conditions.length + 8 } : 200,
      height: 170,
      layer: [
        {
          transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
          mark: { type: 'rule', strokeWidth: 1.5, clip: true },
          encoding: { x, ...xOffset, y: { ...y, field: 'low' }, y2: { field: 'high' }, color, ...fade },
        },
        {
          params: [...params],
          mark: { type: 'point', filled: true, size: 45 },
          encoding: {
            x,
            ...xOffset,
            y: { ...y, field: 'mean' },
            color,
            ...fade,
            tooltip: [
              { field: 'condition', type: 'nominal' },
              { field: 'split', type: 'nominal' },
              { field: 'layer', type: 'ordinal' },
              ...intervalTooltip(`mean final ${metricLabel}`, level),
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
      `${metricLabel} at the end of training for each layer (0 = embeddings), one panel per split. Points: mean ` +
      `across seeds; bars: ${level} Student-t interval of the mean (cut at the plotted range).` +
      (several ? ' Colours: conditions (interventions); click the legend to pick some.' : ''),
    spec,
  };
}
