import { range, type Random } from '@clusterlens/schema';
import type { TaskFunction } from '../suite.js';
import type { SyntheticSuiteConfig } from './schema.js';

export interface SyntheticTaskFunction {
  readonly function: TaskFunction;
  readonly trainInputs: readonly number[];
  readonly heldOutInputs: readonly number[];
}

/** Draws every task's function: `lookup` maps or `rule` offsets, plus the inputs each task trains on. */
export function drawTaskFunctions(config: SyntheticSuiteConfig, random: Random): SyntheticTaskFunction[] {
  return config.family === 'lookup' ? lookupFunctions(config, random) : ruleFunctions(config, random);
}

/**
 * `lookup`: one set of `lookupInputs` inputs is drawn for the whole suite; each task maps it injectively to
 * outputs, and no two tasks share a map when enough maps exist. Every input is trained (no `unseen-inputs`).
 */
function lookupFunctions(config: SyntheticSuiteConfig, random: Random): SyntheticTaskFunction[] {
  const inputs = random.fork('lookup-inputs').sample(range(config.numInputs), config.lookupInputs).sort((a, b) => a - b);
  const seen = new Set<string>();
  return range(config.numTasks).map((task) => {
    const stream = random.fork(`lookup-map/${task}`);
    let outputs = stream.sample(range(config.numOutputs), inputs.length);
    // Identical maps would make two tasks one; after a few tries the map space is evidently too small to avoid it.
    for (let attempt = 0; seen.has(outputs.join(',')) && attempt < 100; attempt++) {
      outputs = stream.sample(range(config.numOutputs), inputs.length);
    }
    seen.add(outputs.join(','));
    return {
      function: { family: 'lookup', pairs: inputs.map((input, i) => [input, outputs[i]] as const) },
      trainInputs: inputs,
      heldOutInputs: [],
    };
  });
}

/**
 * `rule`: y = (x + k_t) mod numInputs over every input, with distinct offsets k_t drawn from [0, numInputs).
 * Each task keeps `heldOutInputsPerTask` random inputs out of training (the `unseen-inputs` split).
 */
function ruleFunctions(config: SyntheticSuiteConfig, random: Random): SyntheticTaskFunction[] {
  const modulus = config.numInputs;
  const offsets = random.fork('rule-offsets').sample(range(modulus), config.numTasks);
  return offsets.map((offset, task) => {
    const heldOut = random
      .fork(`held-out-inputs/${task}`)
      .sample(range(modulus), config.heldOutInputsPerTask)
      .sort((a, b) => a - b);
    const held = new Set(heldOut);
    return {
      function: {
        family: 'rule',
        offset,
        modulus,
        pairs: range(modulus).map((x) => [x, (x + offset) % modulus] as const),
      },
      trainInputs: range(modulus).filter((x) => !held.has(x)),
      heldOutInputs: heldOut,
    };
  });
}
