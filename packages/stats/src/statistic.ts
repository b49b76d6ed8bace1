// What the bootstrap and the jackknife recompute on every resample.

/**
 * A statistic of one sample. It receives a scratch array it may reorder (a median may sort it in place)
 * and must return a finite number for any resample of the data.
 */
export type Statistic = (sample: Float64Array) => number;
