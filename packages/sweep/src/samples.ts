// Joint random search (`samples: N`): each sample draws one value of every sampled axis (a random axis without count).
import type { z } from 'zod';

import { drawValue } from './axes.js';
import { SpecError } from './errors.js';
import { canonicalJson, type JsonValue } from './json.js';
import { uniformAt } from './random.js';
import type { Axis, RandomAxis } from './axis-types.js';

/** A random axis without `count`: drawn once per sample, together with the other sampled axes. */
export function isSampledAxis(axis: Axis): axis is RandomAxis {
  return !Array.isArray(axis) && axis.count === undefined;
}

/** Draws past this many per sample mean the ranges are too narrow for `samples` distinct draws at 6 digits. */
const MAX_TRIES_PER_SAMPLE = 1000;

/**
 * `samples` distinct joint draws, each axis path -> value. Draw k takes the k-th number of each axis's own stream
 * (uniformAt(randomSeed, path, k)), so a sample is the same whatever the order of the axes, and adding an axis
 * leaves the others' values alone. A draw equal to an earlier one (likely with small choices) is skipped and the
 * next k drawn instead: identical samples would be identical trials. Sample s is the s-th distinct draw.
 */
export function drawSamples(axes: ReadonlyArray<readonly [string, RandomAxis]>, samples: number, randomSeed: number): Array<Record<string, JsonValue>> {
  const drawn: Array<Record<string, JsonValue>> = [];
  const seen = new Set<string>();
  for (let k = 0; drawn.length < samples; k++) {
    if (k >= samples * MAX_TRIES_PER_SAMPLE) {
      const paths = axes.map(([path]) => path).join(', ');
      throw new SpecError(`samples: cannot draw ${samples} distinct combinations (6 significant digits) of ${paths}; widen their ranges or lower samples`);
    }
    const sample = Object.fromEntries(axes.map(([path, axis]) => [path, drawValue(axis.random, uniformAt(randomSeed, path, k))]));
    const key = canonicalJson(sample);
    if (!seen.has(key)) drawn.push(sample);
    seen.add(key);
  }
  return drawn;
}

/**
 * The rules of `samples`: without it every random axis needs `count` (its draws cross the other axes); with it at
 * least one random axis must leave `count` out (else samples would repeat every trial), and sampled axes that are
 * all choices must have at least `samples` distinct combinations (else joint draws would repeat one).
 */
export function checkSamples(axes: Record<string, Axis>, samples: number | undefined, issue: z.RefinementCtx): void {
  const sampled = Object.entries(axes).filter(([, axis]) => isSampledAxis(axis)) as Array<[string, RandomAxis]>;
  if (samples === undefined) {
    for (const [path] of sampled) {
      issue.addIssue({
        code: 'custom',
        path: ['axes', path, 'count'],
        message: "required without a top-level 'samples': set count: n to cross n draws with the other axes, or add samples: N to draw every random axis without count jointly N times",
      });
    }
    return;
  }
  if (sampled.length === 0) {
    issue.addIssue({
      code: 'custom',
      path: ['samples'],
      message: 'no random axis to sample: every sample would repeat the same trials; add a random axis without count, or drop samples',
    });
    return;
  }
  let combinations = 1;
  for (const [, axis] of sampled) combinations *= 'choice' in axis.random ? axis.random.choice.length : Infinity;
  if (combinations < samples) {
    issue.addIssue({
      code: 'custom',
      path: ['samples'],
      message: `${samples} joint draws of ${sampled.map(([p]) => p).join(', ')} would repeat a combination: there are only ${combinations}; lower samples to at most ${combinations}, or list the values as grids`,
    });
  }
}
