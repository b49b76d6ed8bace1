// Hidden states in two dimensions (PROTOCOL section 3): the first two principal components, coloured by task,
// so a reader sees the clusters the ARI counts.
import type { TopLevelSpec } from 'vega-lite';

import { principalComponents, type PrincipalComponents } from '../stats/principal-components.js';
import type { Figure } from './figure.js';
import { specNumber } from './spec-numbers.js';
import { FIGURE_CONFIG, VEGA_LITE_SCHEMA } from './theme.js';

export interface PcaFigureOptions {
  /** File stem (default 'pca-projection'). */
  name?: string;
  /** Title, e.g. 'train, layer 5, step 3000' (default 'Hidden states'). */
  title?: string;
  /** Display names of the task ids (taskNames[id]); default 'task <id>'. */
  taskNames?: readonly string[];
  /** Seeds the principal-component iteration (default 0). */
  seed?: number;
}

export interface PcaFigure extends Figure {
  pca: PrincipalComponents;
  /** Fraction of the total variance along PC1 and PC2. */
  explained: [number, number];
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** points (n, dim) row-major, tasks (n) task ids -> a scatter of PC1 against PC2 coloured by task. */
export function pcaProjectionFigure(
  points: Float32Array,
  n: number,
  dim: number,
  tasks: Int32Array,
  options: PcaFigureOptions = {},
): PcaFigure {
  const { name = 'pca-projection', title = 'Hidden states', taskNames, seed = 0 } = options;
  if (!(tasks instanceof Int32Array) || tasks.length !== n) throw new RangeError(`tasks: expected an Int32Array of n = ${n} task ids`);
  const pca = principalComponents(points, n, dim, { components: Math.min(2, dim), seed });
  const k = pca.variances.length;
  const total = pca.totalVariance > 0 ? pca.totalVariance : 1;
  const explained: [number, number] = [pca.variances[0] / total, k > 1 ? pca.variances[1] / total : 0];
  const taskName = (id: number) => taskNames?.[id] ?? `task ${id}`;
  const taskOrder = [...new Set(Array.from(tasks))].sort((a, b) => a - b).map(taskName);
  const values = Array.from({ length: n }, (_, i) => ({
    pc1: specNumber(pca.projections[i * k]),
    pc2: k > 1 ? specNumber(pca.projections[i * k + 1]) : 0,
    task: taskName(tasks[i]),
  }));
  const color = {
    field: 'task',
    type: 'nominal',
    sort: taskOrder,
    title: 'task',
    scale: { scheme: taskOrder.length > 10 ? 'category20' : 'tableau10' },
  } as const;

  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: `${n} points in ${dim} dimensions; PC1 and PC2: ${percent(explained[0])} and ${percent(explained[1])} of the variance` },
    data: { values },
    width: 320,
    height: 280,
    params: [
      { name: 'pickedTasks', select: { type: 'point', fields: ['task'] }, bind: 'legend' },
      { name: 'zoom', select: 'interval', bind: 'scales' },
    ],
    mark: { type: 'circle', size: 22 },
    encoding: {
      x: { field: 'pc1', type: 'quantitative', title: `PC1 (${percent(explained[0])})`, scale: { zero: false } },
      y: { field: 'pc2', type: 'quantitative', title: `PC2 (${percent(explained[1])})`, scale: { zero: false } },
      color,
      opacity: { condition: { param: 'pickedTasks', value: 0.75, empty: true }, value: 0.06 },
      tooltip: [
        { field: 'task', type: 'nominal' },
        { field: 'pc1', type: 'quantitative', format: '.3f' },
        { field: 'pc2', type: 'quantitative', format: '.3f' },
      ],
    },
    config: FIGURE_CONFIG,
  };
  return {
    name,
    title,
    caption:
      'Each point is one instance\'s hidden state at the probe position, projected on the first two principal ' +
      'components of all the points shown; colours are the true tasks (never seen by the model). Separate ' +
      'colour groups are task clusters. Click the legend to pick tasks; drag or scroll to zoom.',
    spec,
    pca,
    explained,
  };
}
