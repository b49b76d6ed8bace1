// fast-check arbitraries for labelings.
import fc from 'fast-check';

/** A pair of labelings of the same length (1..60 points, up to 6 labels each). */
export const labelingPair = fc
  .integer({ min: 1, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
    ),
  );

/** A labeling and an injective relabelling of its values (any integers, negative ones included). */
export const labelingWithRelabel = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 60 }),
    fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 8, maxLength: 8 }),
  )
  .map(([labels, map]) => ({ labels, relabelled: labels.map((l) => map[l]) }));
