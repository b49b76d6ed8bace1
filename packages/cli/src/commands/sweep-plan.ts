// clusterlens sweep plan <spec.yaml>: the trials a spec expands to, without running anything.
import { getTrialFunction, groupJobs } from '@clusterlens/sweep';

import { formatAxes, formatTable } from './sweep-table.js';
import { planSpec, readSpec, registerClusterlensTrial } from './sweep-trials.js';

export interface SweepPlanOptions {
  json?: boolean;
}

export async function sweepPlanCommand(specFile: string, options: SweepPlanOptions): Promise<number> {
  registerClusterlensTrial();
  const spec = await readSpec(specFile);
  const trials = planSpec(spec, specFile);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(trials, null, 2)}\n`);
    return 0;
  }
  const rows = trials.map((t) => [t.id, t.label, t.intervention, String(t.seed), formatAxes(t.axes)]);
  process.stdout.write(formatTable(['id', 'label', 'intervention', 'seed', 'axes'], rows));
  const interventions = Object.keys(spec.interventions).length;
  const samples = spec.samples ?? 1;
  const points = trials.length / interventions / samples / spec.seeds.length;
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const factors = [plural(interventions, 'intervention'), plural(points, 'grid point'), ...(spec.samples ? [plural(spec.samples, 'sample')] : []), plural(spec.seeds.length, 'seed')];
  process.stdout.write(
    `\n${plural(trials.length, 'trial')}: ${factors.join(' x ')}, ` +
      `trial function '${spec.trial}'\n` +
      `code version ${trials[0]!.codeVersion} (with the resolved config, it makes each id; stored with each trial)\n`,
  );
  const ensembles = groupJobs(trials, getTrialFunction(spec.trial)).filter((job) => job.length > 1);
  if (ensembles.length > 0) {
    const grouped = ensembles.reduce((n, job) => n + job.length, 0);
    process.stdout.write(`${plural(grouped, 'trial')} run as ${plural(ensembles.length, 'ensemble job')} (seeds of one config in lock-step on the GPU)\n`);
  }
  return 0;
}
