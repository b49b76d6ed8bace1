// Grouping rows by field values, in a fixed order whatever the row order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupBy, type Row } from '@clusterlens/stats';

const rows: Row[] = [
  { seed: 2, split: 'train', value: 1 },
  { seed: 10, split: 'val', value: 2 },
  { seed: 2, split: 'val', value: 3 },
  { seed: '2', split: 'train', value: 4 },
  { split: 'train', value: 5 },
];

describe('groupBy', () => {
  it('gives one group per combination, sorted: null first, numbers ascending, then strings', () => {
    const groups = groupBy(rows, ['seed', 'split']);
    expect(groups.map((g) => g.key)).toEqual([
      { seed: null, split: 'train' },
      { seed: 2, split: 'train' },
      { seed: 2, split: 'val' },
      { seed: 10, split: 'val' },
      { seed: '2', split: 'train' },
    ]);
    expect(groups[1].rows).toEqual([rows[0]]);
  });

  it("keeps the number 2 and the string '2' apart", () => {
    expect(groupBy(rows, ['seed']).map((g) => g.rows.length)).toEqual([1, 2, 1, 1]);
  });

  it('puts every row in one group when there are no keys', () => {
    expect(groupBy(rows, [])).toEqual([{ key: {}, rows }]);
  });

  it('does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (shuffled) => {
        expect(groupBy(shuffled, ['seed', 'split']).map((g) => g.key)).toEqual(
          groupBy(rows, ['seed', 'split']).map((g) => g.key),
        );
      }),
    );
  });
});
