// Small inputs for every figure builder, shared by the figure tests.
import type { CurvePoint, LayerSummary, OutcomeInterval } from '@clusterlens/report';

export function curvePoints(): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const split of ['train', 'validation']) {
    for (let layer = 0; layer <= 3; layer++) {
      for (const step of [0, 100, 200, 400, 800]) {
        const mean = layer === 0 ? 0.05 : (1 - Math.exp(-step / 200)) * (0.5 + 0.12 * layer);
        points.push({ split, layer, step, n: 5, mean, low: mean - 0.04, high: mean + 0.04 });
      }
    }
  }
  return points;
}

export function layerSummaries(): LayerSummary[] {
  return ['baseline', 'aux-loss'].flatMap((condition) =>
    ['train', 'validation'].flatMap((split) =>
      [0, 1, 2, 3].map((layer) => {
        const mean = layer === 0 ? 0.05 : 0.5 + 0.12 * layer + (condition === 'aux-loss' ? 0.05 : 0);
        return { condition, split, layer, n: 5, mean, low: mean - 0.03, high: mean + 0.03 };
      }),
    ),
  );
}

export function outcomeIntervals(): OutcomeInterval[] {
  return ['final ARI, top layer (train)', 'steps to ARI ≥ 0.5, top layer (train)'].flatMap((outcome, i) =>
    ['baseline', 'aux-loss'].map((condition, j) => {
      const estimate = i === 0 ? 0.8 + 0.05 * j : 200 - 60 * j;
      const width = i === 0 ? 0.03 : 20;
      return { outcome, condition, estimate, low: estimate - width, high: estimate + width, n: 5 };
    }),
  );
}
