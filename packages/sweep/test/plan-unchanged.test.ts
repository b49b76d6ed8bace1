// Specs written before `samples` existed plan exactly the trials they always did: same ids, same labels, same order.
// The pinned values were computed by the planner before joint sampling was added (commit 7dbf3a8).
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { plan, readSweepSpecFile } from '@clusterlens/sweep';

const codeVersion = 'pinned';
const idsAndLabels = (trials: ReturnType<typeof plan>) => trials.map((t) => [t.id, t.label]);

describe('plans of existing specs', () => {
  it('examples/quickstart-sweep.yaml plans the same ids and labels', async () => {
    const spec = await readSweepSpecFile(fileURLToPath(new URL('../../../examples/quickstart-sweep.yaml', import.meta.url)));
    expect(idsAndLabels(plan(spec, { codeVersion }))).toEqual([
      ['932f782a8e1ff8fd', 'output seed=0'],
      ['b4c8d398fe2691a5', 'output seed=1'],
      ['b455195c0beba156', 'all seed=0'],
      ['cab6456af01d2ecf', 'all seed=1'],
    ]);
  });

  it('a spec of counted random axes (uniform, choice, logUniform) plans the same draws, ids and labels', () => {
    const spec = {
      name: 'counted',
      base: { optimizer: { lr: 0.002 } },
      axes: {
        'optimizer.lr': { random: { uniform: [0.001, 0.003] as [number, number] }, count: 2 },
        'optimizer.warmupSteps': { random: { choice: [0, 30, 100] }, count: 2 },
        'optimizer.weightDecay': { random: { logUniform: [1.0e-4, 1.0e-1] as [number, number] }, count: 2 },
      },
      seeds: [0],
      randomSeed: 7,
    };
    expect(idsAndLabels(plan(spec, { codeVersion }))).toEqual([
      ['05a16301926d8405', 'baseline optimizer.lr=0.00187834 optimizer.warmupSteps=100 optimizer.weightDecay=0.008166 seed=0'],
      ['4a4e3b99df4fd5e0', 'baseline optimizer.lr=0.00187834 optimizer.warmupSteps=100 optimizer.weightDecay=0.0111191 seed=0'],
      ['3cf2d589116dd684', 'baseline optimizer.lr=0.00187834 optimizer.warmupSteps=0 optimizer.weightDecay=0.008166 seed=0'],
      ['9c4b25ceeea07686', 'baseline optimizer.lr=0.00187834 optimizer.warmupSteps=0 optimizer.weightDecay=0.0111191 seed=0'],
      ['42036b36336c345c', 'baseline optimizer.lr=0.00152275 optimizer.warmupSteps=100 optimizer.weightDecay=0.008166 seed=0'],
      ['5e26c381e8d9043d', 'baseline optimizer.lr=0.00152275 optimizer.warmupSteps=100 optimizer.weightDecay=0.0111191 seed=0'],
      ['fb9daa234dbf1502', 'baseline optimizer.lr=0.00152275 optimizer.warmupSteps=0 optimizer.weightDecay=0.008166 seed=0'],
      ['d519b5ee05c27a70', 'baseline optimizer.lr=0.00152275 optimizer.warmupSteps=0 optimizer.weightDecay=0.0111191 seed=0'],
    ]);
  });

  it('a trial of a spec without samples has no sample number', () => {
    expect(plan({ name: 's' }, { codeVersion })[0]).not.toHaveProperty('sample');
  });
});
