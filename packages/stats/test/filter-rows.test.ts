// Selecting rows by value, by a list of values, or by a test.
import { describe, expect, it } from 'vitest';
import { filterRows, type Row } from '@clusterlens/stats';

const rows: Row[] = [
  { metric: 'ari', layer: 0, value: 0.1 },
  { metric: 'ari', layer: 3, value: 0.7 },
  { metric: 'accuracy', layer: null, value: 0.9 },
];

describe('filterRows', () => {
  it('keeps rows matching every condition', () => {
    expect(filterRows(rows, { metric: 'ari', layer: 3 })).toEqual([rows[1]]);
    expect(filterRows(rows, { layer: [0, 3] })).toEqual([rows[0], rows[1]]);
    expect(filterRows(rows, { layer: null })).toEqual([rows[2]]);
    expect(filterRows(rows, { value: (v) => typeof v === 'number' && v > 0.5 })).toEqual([rows[1], rows[2]]);
    expect(filterRows(rows, { seed: null })).toEqual(rows);
  });
});
