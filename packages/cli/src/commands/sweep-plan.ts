// clusterlens sweep plan <spec.yaml>: the trials a spec expands to, without running anything.
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
  const points = trials.length / interventions / spec.seeds.length;
  process.stdout.write(
    `\n${trials.length} trial${trials.length === 1 ? '' : 's'}: ${interventions} intervention${interventions === 1 ? '' : 's'} x ` +
      `${points} grid point${points === 1 ? '' : 's'} x ${spec.seeds.length} seed${spec.seeds.length === 1 ? '' : 's'}, ` +
      `trial function '${spec.trial}'\n` +
      `code version ${trials[0]!.codeVersion} (with the resolved config, it makes each id; stored with each trial)\n`,
  );
  return 0;
}
