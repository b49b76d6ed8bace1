// A figure: a Vega-Lite specification with the name its files get and the words a report shows with it.
import type { TopLevelSpec } from 'vega-lite';

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

/** Tooltip fields of a mean with its interval: the mean under `meanTitle`, the interval's ends, the number of seeds. */
export function intervalTooltip(meanTitle: string, level: string) {
  return [
    { field: 'mean', type: 'quantitative', title: meanTitle, format: '.3f' },
    { field: 'low', type: 'quantitative', title: `${level} low`, format: '.3f' },
    { field: 'high', type: 'quantitative', title: `${level} high`, format: '.3f' },
    { field: 'n', type: 'quantitative', title: 'seeds' },
  ] as const;
}
