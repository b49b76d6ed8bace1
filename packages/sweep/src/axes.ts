// Each crossed axis becomes a list of values: a grid as written, a counted random axis as `count` reproducible draws.
import { SpecError } from './errors.js';
import type { JsonValue } from './json.js';
import { roundSignificant, uniformAt } from './random.js';
import type { Axis, Distribution } from './axis-types.js';

/** Draws past this many tries mean the range is too narrow for `count` distinct values at 6 digits. */
const MAX_TRIES_PER_VALUE = 1000;

/** A grid or a counted random axis (sampled axes are drawn by samples.ts). */
export function axisValues(path: string, axis: Axis, randomSeed: number): JsonValue[] {
  if (Array.isArray(axis)) return axis;
  const { random } = axis;
  const count = axis.count ?? 1;
  if ('choice' in random) return drawChoices(random.choice, count, randomSeed, path);
  const values: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; values.length < count; i++) {
    if (i >= count * MAX_TRIES_PER_VALUE) {
      throw new SpecError(`axes.${path}.random: cannot draw ${count} distinct values (6 significant digits) from ${JSON.stringify(random)}; widen the range or lower count`);
    }
    const value = drawNumber(random, uniformAt(randomSeed, path, i));
    if (!seen.has(value)) values.push(value);
    seen.add(value);
  }
  return values;
}

/** One value of the distribution from a uniform u in [0, 1): a choice, or a number rounded to 6 significant digits. */
export function drawValue(random: Distribution, u: number): JsonValue {
  return 'choice' in random ? random.choice[Math.floor(u * random.choice.length)]! : drawNumber(random, u);
}

function drawNumber(random: Exclude<Distribution, { choice: JsonValue[] }>, u: number): number {
  if ('uniform' in random) {
    const [lo, hi] = random.uniform;
    return roundSignificant(lo + u * (hi - lo));
  }
  const [lo, hi] = random.logUniform;
  return roundSignificant(Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))));
}

/** `count` distinct choices (a seeded Fisher-Yates prefix): repeats would make identical trials. */
function drawChoices(choices: JsonValue[], count: number, randomSeed: number, path: string): JsonValue[] {
  const order = choices.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(uniformAt(randomSeed, path, i) * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, count).map((i) => choices[i]!);
}

/** Every combination of the axes' values, first axis outermost (like nested loops in declaration order). */
export function gridPoints(axes: ReadonlyArray<readonly [string, JsonValue[]]>): Array<Record<string, JsonValue>> {
  let points: Array<Record<string, JsonValue>> = [{}];
  for (const [path, values] of axes) {
    points = points.flatMap((point) => values.map((value) => ({ ...point, [path]: value })));
  }
  return points;
}
