// Rows cross a queue and sit in checkpoints as JSON, which has no NaN or infinities: they travel by name and come
// back as numbers.
import { describe, expect, it } from 'vitest';

import { metricRowsFromJson, metricRowsToJson, type MetricRow } from '@clusterlens/schema';

describe('metric rows through JSON', () => {
  it('keep NaN and infinities through JSON', () => {
    const rows: MetricRow[] = [NaN, Infinity, -Infinity, 0.25, -0].map((value, step) => ({ split: 'validation', layer: 1, step, metric: 'within-task-accuracy-gap', value }));
    const back = metricRowsFromJson<MetricRow>(JSON.parse(JSON.stringify(metricRowsToJson(rows))));
    expect(back.map((r) => r.value)).toEqual([NaN, Infinity, -Infinity, 0.25, 0]);
    expect(back[0]).toEqual({ ...rows[0], value: NaN });
  });

  it('a plain JSON round trip would lose them, which is why rows are converted', () => {
    expect(JSON.parse(JSON.stringify({ value: NaN })).value).toBeNull();
  });
});
