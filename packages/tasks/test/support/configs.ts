import fc from 'fast-check';

import type { SyntheticSuiteInput } from '@clusterlens/tasks';

/**
 * Two tasks whose first regexes are the same: the second task's gets only the 4 instructions the first task left
 * unused, where samplesPerDistribution + heldOutSamplesPerDistribution = 14 are needed. Each regex alone is fine
 * (18 instructions), so the config schema accepts it: only building the suite finds the problem.
 */
export const collidingRegexSuite = {
  kind: 'synthetic' as const,
  tasks: [
    { distributions: ['w0 (w1|w2|w3) w4? (w5){1,3}', 'w1 (w0|w2|w3) (w6|w7) w8? w9?'] },
    { distributions: ['w0 (w1|w2|w3) w4? (w5){1,3}', 'w2 (w0|w1|w3) (w6|w7) w8? w9?'] },
  ],
  samplesPerDistribution: 10,
  heldOutSamplesPerDistribution: 4,
};

/** Small but varied synthetic suite configurations that can always be built. */
export const smallSyntheticConfig: fc.Arbitrary<SyntheticSuiteInput> = fc
  .record({
    seed: fc.nat(1_000_000),
    numTasks: fc.integer({ min: 2, max: 5 }),
    family: fc.constantFrom('lookup' as const, 'rule' as const),
    numInputs: fc.integer({ min: 6, max: 12 }),
    extraOutputs: fc.integer({ min: 0, max: 4 }),
    lookupInputs: fc.integer({ min: 2, max: 5 }),
    distributionsPerTask: fc.integer({ min: 2, max: 4 }),
    vocabularyMode: fc.constantFrom('shared' as const, 'lexical' as const),
    numInstructionWords: fc.integer({ min: 8, max: 14 }),
    wordsPerTask: fc.integer({ min: 4, max: 6 }),
    slotsMin: fc.integer({ min: 2, max: 3 }),
    slotsExtra: fc.integer({ min: 1, max: 2 }),
    samplesPerDistribution: fc.integer({ min: 2, max: 6 }),
    heldOutSamplesPerDistribution: fc.integer({ min: 0, max: 3 }),
    heldOutDistributions: fc.integer({ min: 0, max: 1 }),
    heldOutInputsPerTask: fc.integer({ min: 0, max: 3 }),
    heldOutPairFraction: fc.constantFrom(0, 0.1, 0.25, 0.9),
  })
  .map((r) => ({
    kind: 'synthetic' as const,
    seed: r.seed,
    numTasks: r.numTasks,
    family: r.family,
    numInputs: r.numInputs,
    numOutputs: r.numInputs + r.extraOutputs,
    lookupInputs: r.lookupInputs,
    distributionsPerTask: r.distributionsPerTask,
    vocabularyMode: r.vocabularyMode,
    // lexical mode sizes its own word list by default
    ...(r.vocabularyMode === 'shared' ? { numInstructionWords: r.numInstructionWords } : {}),
    wordsPerTask: r.wordsPerTask,
    slots: { min: r.slotsMin, max: r.slotsMin + r.slotsExtra },
    samplesPerDistribution: r.samplesPerDistribution,
    heldOutSamplesPerDistribution: r.heldOutSamplesPerDistribution,
    heldOutDistributions: r.heldOutDistributions,
    heldOutInputsPerTask: r.heldOutInputsPerTask,
    heldOutPairFraction: r.heldOutPairFraction,
  }));
