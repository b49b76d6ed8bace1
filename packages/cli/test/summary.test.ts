// The trial summary's ARI table: the first and the last evaluation, or the only one.
import { describe, expect, it } from 'vitest';

import type { MetricRow } from '@clusterlens/schema';

import { ariSummary } from '../src/summary.js';

const ari = (split: string, layer: number, step: number, value: number): MetricRow => ({ split, layer, step, metric: 'ari', value });

describe('ariSummary', () => {
  it('shows each split at the first and the last step', () => {
    const text = ariSummary([ari('train', 0, 0, 0.1), ari('train', 1, 0, 0.2), ari('train', 0, 50, 0.3), ari('train', 1, 50, 0.9)]);
    expect(text).toContain('| train, step 0 | 0.100 | 0.200 |');
    expect(text).toContain('| train, step 50 | 0.300 | 0.900 |');
  });

  it('shows a probe-only trial, evaluated at step 0 alone, once per split', () => {
    const text = ariSummary([ari('train', 0, 0, 0.1), ari('train', 1, 0, 0.2)]);
    expect(text.match(/\| train, step 0 \|/g)).toHaveLength(1);
  });
});
