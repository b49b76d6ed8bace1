import fc from 'fast-check';

import type { SyntheticSuiteInput } from '@clusterlens/tasks';

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
    validationFraction: fc.constantFrom(0, 0.1, 0.25),
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
    validationFraction: r.validationFraction,
  }));
