// Sweep specs of tiny trials for the Slurm tests. One model is trained for `steps`; `output` and `all` are the two
// loss interventions.

/** A sweep spec (YAML) of tiny trials: `steps` training steps, evaluated every `every`, on the train split only. */
export function tinySweepSpec(name: string, options: { steps: number; every: number; interventions: ('output' | 'all')[]; seeds: number[] }): string {
  return [
    `name: ${name}`,
    'base:',
    '  model: { nLayer: 1, nHead: 2, nEmbd: 16 }',
    `  training: { steps: ${options.steps}, batchSize: 8 }`,
    `  evaluation: { every: ${options.every}, early: 0, instancesPerSplit: 16, splits: [train], kmeans: { nInit: 1 } }`,
    'interventions:',
    ...options.interventions.map((loss) => `  ${loss}: { training: { loss: ${loss} } }`),
    `seeds: [${options.seeds.join(', ')}]`,
    '',
  ].join('\n');
}

/**
 * Trials that train for seconds (3000 steps), so that a signal sent once one has started reaches it before it ends,
 * whatever the machine's speed within reason.
 */
export const longSweepSpec = (name: string, interventions: ('output' | 'all')[], seeds: number[]) =>
  tinySweepSpec(name, { steps: 3000, every: 1000, interventions, seeds });
