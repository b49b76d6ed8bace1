// `clusterlens sweep plan` on examples/quickstart-random-search.yaml: a base file and joint samples, through the CLI.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { clusterlens } from './support/cli.js';

const SPEC = fileURLToPath(new URL('../../../examples/quickstart-random-search.yaml', import.meta.url));
const TRIAL = parseYaml(readFileSync(fileURLToPath(new URL('../../../examples/quickstart-trial.yaml', import.meta.url)), 'utf8')) as {
  model: Record<string, unknown>;
  training: Record<string, unknown>;
};

interface PlannedJson {
  label: string;
  sample: number;
  axes: { 'optimizer.lr': number; 'optimizer.warmupSteps': number };
  config: { model: unknown; training: unknown; optimizer: { lr: number; warmupSteps: number }; seed: number };
}

describe('sweep plan examples/quickstart-random-search.yaml', () => {
  it('plans 4 samples of the quickstart trial, each labelled with its sample and values', () => {
    const { status, stdout, stderr } = clusterlens(['sweep', 'plan', SPEC]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('4 trials: 1 intervention x 1 grid point x 4 samples x 1 seed');
    for (const n of [0, 1, 2, 3]) expect(stdout).toMatch(new RegExp(`baseline sample=${n} optimizer\\.lr=[0-9.e-]+ optimizer\\.warmupSteps=(0|30|100) seed=0`));
  });

  it("resolves every trial's config from the trial file it names, with the sampled values set", () => {
    const { status, stdout } = clusterlens(['sweep', 'plan', SPEC, '--json']);
    expect(status).toBe(0);
    const trials = JSON.parse(stdout) as PlannedJson[];
    expect(trials.map((t) => t.sample)).toEqual([0, 1, 2, 3]);
    for (const trial of trials) {
      expect(trial.config.model).toMatchObject(TRIAL.model);
      expect(trial.config.training).toMatchObject(TRIAL.training);
      expect(trial.config.optimizer).toMatchObject({ lr: trial.axes['optimizer.lr'], warmupSteps: trial.axes['optimizer.warmupSteps'] });
      expect(trial.axes['optimizer.lr']).toBeGreaterThanOrEqual(5e-4);
      expect(trial.axes['optimizer.lr']).toBeLessThanOrEqual(5e-3);
    }
  });
});
