// The shapes of a sweep spec's axes, apart from the schema that validates them (spec.ts), so that the code
// drawing their values (axes.ts, samples.ts) does not depend on the schema.
import type { JsonValue } from './json.js';

export type Distribution = { uniform: [number, number] } | { logUniform: [number, number] } | { choice: JsonValue[] };
export interface RandomAxis {
  random: Distribution;
  /**
   * How many values to draw; each drawn value counts like one grid value (the draws cross the other axes).
   * Left out, the axis is sampled: it takes one value in each of the spec's `samples` joint draws.
   */
  count?: number;
}
/** A grid (the values, in order), `count` random draws, or (without count) one value per joint sample. */
export type Axis = JsonValue[] | RandomAxis;
