// Saved hidden states for the 2-D pictures: <sweep dir>/representations/*.safetensors, or else those a trial saved
// beside its checkpoints (<sweep dir>/checkpoints/<trial>/representations/), one set of points each.
// Format (ours, written by @clusterlens/experiment): tensor 'hidden' (n, dim) float and tensor 'tasks' (n) integer
// task ids; optional string metadata split, layer, step, trial, condition and task_names (a JSON array of names
// indexed by task id). The file format itself is @clusterlens/schema's safetensors reader.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { readSafetensors, type TensorData } from '@clusterlens/schema';

export const REPRESENTATIONS_FOLDER = 'representations';

export interface Representation {
  file: string;
  /** File name without extension. */
  name: string;
  points: Float32Array;
  n: number;
  dim: number;
  tasks: Int32Array;
  taskNames?: string[];
  metadata: Record<string, string>;
}

/** How a user gets representations into a report (shown when there are none). */
export const REPRESENTATIONS_HOWTO =
  "clusterlens trials save their training split's hidden states at the deepest probed layer at the first and the " +
  `last evaluation (probe.saveRepresentations, on by default) in checkpoints/<trial>/${REPRESENTATIONS_FOLDER}/; ` +
  `other hidden states can be put in ${REPRESENTATIONS_FOLDER}/<name>.safetensors in the sweep folder: a float tensor ` +
  "'hidden' (n, dim) and an integer tensor 'tasks' (n), with string metadata split, layer, step (and optionally " +
  'trial, condition, task_names).';

/**
 * Files in <dir>/representations, sorted by name; without that folder, the files of the first trial (by id) that
 * saved some beside its checkpoints, so a large sweep shows one trial's pictures, not hundreds.
 */
export async function findRepresentations(sweepDir: string): Promise<string[]> {
  const own = await listRepresentations(join(sweepDir, REPRESENTATIONS_FOLDER));
  if (own.length > 0) return own;
  const checkpoints = join(sweepDir, 'checkpoints');
  if (!existsSync(checkpoints)) return [];
  for (const trial of (await readdir(checkpoints)).sort()) {
    const files = await listRepresentations(join(checkpoints, trial, REPRESENTATIONS_FOLDER));
    if (files.length > 0) return files;
  }
  return [];
}

async function listRepresentations(folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  return (await readdir(folder)).filter((f) => f.endsWith('.safetensors')).sort().map((f) => join(folder, f));
}

/** A tensor's values as numbers (I64 ids and counts are exact below 2^53). */
function numbers(data: TensorData): ArrayLike<number> {
  return data instanceof BigInt64Array ? Array.from(data, Number) : data;
}

export async function readRepresentation(file: string): Promise<Representation> {
  const { tensors, metadata } = await readSafetensors(file);
  const hidden = tensors.get('hidden');
  const tasks = tensors.get('tasks');
  if (!hidden || hidden.shape.length !== 2) throw new RangeError(`${file}: needs a 2-D tensor 'hidden' (n, dim); it has ${[...tensors.keys()].join(', ') || 'none'}`);
  if (!tasks || tasks.shape.length !== 1 || tasks.shape[0] !== hidden.shape[0]) {
    throw new RangeError(`${file}: needs a 1-D tensor 'tasks' with one task id per row of 'hidden' (${hidden.shape[0]})`);
  }
  let taskNames: string[] | undefined;
  if (metadata.task_names) {
    try {
      taskNames = JSON.parse(metadata.task_names) as string[];
    } catch {
      throw new RangeError(`${file}: metadata task_names must be a JSON array of strings`);
    }
  }
  const [n, dim] = hidden.shape;
  return {
    file,
    name: basename(file, '.safetensors'),
    points: Float32Array.from(numbers(hidden.data)),
    n,
    dim,
    tasks: Int32Array.from(numbers(tasks.data)),
    taskNames,
    metadata,
  };
}

/** 'train, layer 5, step 3000 (output seed=0)' from the metadata, else the file name. */
export function representationTitle(r: Representation): string {
  const { split, layer, step, condition, trial } = r.metadata;
  const parts = [split, layer !== undefined ? `layer ${layer}` : undefined, step !== undefined ? `step ${step}` : undefined].filter(Boolean);
  const who = condition ?? trial;
  return parts.length ? `${parts.join(', ')}${who ? ` (${who})` : ''}` : r.name;
}
