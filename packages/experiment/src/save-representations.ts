// Hidden states saved for pictures: the format the report reads (tensor 'hidden' (n, C), tensor 'tasks' (n),
// string metadata split, layer, step, task_names, and hook when the trial's probe.hook is set: then 'hidden' holds
// that activation, (n, D), and layer is a block index unless the hook is 'resid').
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { writeSafetensors } from '@clusterlens/schema';

import type { SplitEvaluation } from './evaluate.js';

const REPRESENTATIONS_FOLDER = 'representations';

export async function saveRepresentations(
  dir: string,
  evaluation: SplitEvaluation,
  where: { split: string; layer: number; step: number; taskNames: string[]; hook?: string },
): Promise<string> {
  const hidden = evaluation.representations.get(where.layer);
  if (!hidden) throw new RangeError(`saveRepresentations: layer ${where.layer} was not probed`);
  const n = evaluation.tasks.length;
  const folder = join(dir, REPRESENTATIONS_FOLDER);
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${where.split}-layer${where.layer}-step${where.step}.safetensors`);
  await writeSafetensors(
    file,
    new Map([
      ['hidden', { dtype: 'F32' as const, shape: [n, hidden.length / n], data: hidden }],
      ['tasks', { dtype: 'I32' as const, shape: [n], data: evaluation.tasks }],
    ]),
    {
      split: where.split,
      layer: String(where.layer),
      step: String(where.step),
      task_names: JSON.stringify(where.taskNames),
      // Only a trial that names probe.hook records it: without it the layer is a residual layer, as it always was.
      ...(where.hook === undefined ? {} : { hook: where.hook }),
    },
  );
  return file;
}
