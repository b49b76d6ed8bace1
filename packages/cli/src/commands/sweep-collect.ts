// clusterlens sweep collect <dir>: the results array tasks left in a sweep folder, into its store.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { STORE_FILE } from '@clusterlens/schema';
import { collectSweep } from '@clusterlens/sweep';

import { SWEEP_SPEC_COPY } from './slurm.js';
import { readSpec, registerClusterlensTrial } from './sweep-trials.js';

export interface SweepCollectOptions {
  spec?: string;
}

/** Exit statuses: every trial done; some failed (none missing); some have no result yet. */
export const COLLECT_EXIT = { complete: 0, failed: 2, missing: 3 } as const;

/** Failed and missing trials listed by name up to this many; the rest are counted. */
const LISTED = 20;

export async function sweepCollectCommand(dirArg: string, options: SweepCollectOptions): Promise<number> {
  registerClusterlensTrial();
  const dir = resolve(dirArg);
  const specFile = options.spec ?? join(dir, SWEEP_SPEC_COPY);
  if (options.spec === undefined && !existsSync(specFile)) {
    throw new Error(`${dir} has no ${SWEEP_SPEC_COPY} (the copy \`clusterlens slurm --mode array\` writes); give the sweep's spec with --spec <spec.yaml>`);
  }
  const spec = await readSpec(specFile);
  const result = await collectSweep(spec, { dir });
  const list = (items: { id: string; label: string; error?: string }[]) => [
    ...items.slice(0, LISTED).map((t) => `  ${t.id} ${t.label}${t.error === undefined ? '' : `: ${t.error}`}`),
    ...(items.length > LISTED ? [`  ... and ${items.length - LISTED} more`] : []),
  ];
  const lines = [
    `${result.done} of ${result.total} trials done (${result.recorded} result${result.recorded === 1 ? '' : 's'} recorded now), ` +
      `${result.failed.length} failed, ${result.missing.length} missing; store: ${join(dir, STORE_FILE)}`,
    ...(result.failed.length > 0 ? ['Failed (run their array tasks again to retry them: sbatch --array=<task ids> <script>):', ...list(result.failed)] : []),
    ...(result.missing.length > 0 ? ['Missing, no result yet (still queued or running, or their tasks stopped):', ...list(result.missing)] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (result.missing.length > 0) return COLLECT_EXIT.missing;
  return result.failed.length > 0 ? COLLECT_EXIT.failed : COLLECT_EXIT.complete;
}
