// clusterlens export-hf <trial folder | sweep trial folder | checkpoint> --out <dir>: a trial's model as a Hugging Face
// directory (weights, config.json with the suite's BOS/EOS/PAD ids, tokenizer files), at its last or a kept step.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import { parseTrialConfig, parseTrialYaml, saveTrialModel, trialHash, type TrialConfig } from '@clusterlens/experiment';
import { Gpt } from '@clusterlens/model';
import { STORE_FILE } from '@clusterlens/schema';
import { SweepStore } from '@clusterlens/sweep';

export interface ExportHfOptions {
  out: string;
  /** A kept snapshot (`checkpoint.keep`) instead of the latest checkpoint. */
  step?: number;
  /** The trial config, when it cannot be found next to the checkpoint. */
  config?: string;
}

const LATEST = 'trial.safetensors';

export async function exportHfCommand(source: string, options: ExportHfOptions): Promise<number> {
  const file = await checkpointFile(resolve(source), options.step);
  const config = options.config
    ? parseTrialYaml(await readFile(options.config, 'utf8'), [], options.config)
    : await savedTrialConfig(file);
  const gpt = await Gpt.load(file);
  try {
    const saved = JSON.parse(gpt.checkpointExtra.trial ?? '{}') as { hash?: string };
    if (saved.hash !== undefined && saved.hash !== trialHash(config)) {
      throw new Error(`${file} was trained with another config than ${options.config ?? 'the one found next to it'}; give its own with --config <trial.yaml>`);
    }
    await saveTrialModel(gpt, config, options.out);
    process.stdout.write(`Wrote ${options.out}: the model at step ${gpt.stepCount}\n`);
  } finally {
    gpt.dispose();
  }
  return 0;
}

/** The checkpoint a source names: the file itself, or in a folder `[checkpoints/]trial.safetensors` (or `step-<n>`). */
async function checkpointFile(source: string, step: number | undefined): Promise<string> {
  if (!existsSync(source)) throw new Error(`${source} does not exist; give a trial folder (train --out), a sweep trial folder or a checkpoint file`);
  if (!(await stat(source)).isDirectory()) {
    if (step !== undefined) throw new Error(`--step picks a kept checkpoint inside a folder; ${source} is already a file`);
    return source;
  }
  const name = step === undefined ? LATEST : `step-${step}.safetensors`;
  const candidates = [join(source, 'checkpoints', name), join(source, name)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return found;
  const hint = step === undefined ? '' : ` (was step ${step} listed in the trial's checkpoint.keep?)`;
  throw new Error(`no checkpoint in ${source}: looked for ${candidates.join(' and ')}${hint}`);
}

/**
 * The config a checkpoint was trained with: `config.yaml` of the `train --out` folder holding `checkpoints/`, or the
 * sweep store's row of the trial whose folder (`<sweep>/checkpoints/<id>/`) holds it.
 */
async function savedTrialConfig(file: string): Promise<TrialConfig> {
  const folder = dirname(file);
  const trainYaml = join(folder, '..', 'config.yaml');
  if (existsSync(trainYaml)) return parseTrialYaml(await readFile(trainYaml, 'utf8'), [], trainYaml);
  const sweep = join(folder, '..', '..');
  if (existsSync(join(sweep, STORE_FILE))) {
    const id = basename(folder);
    const store = await SweepStore.open(sweep, { readOnly: true });
    try {
      const trial = (await store.trials()).find((t) => t.id === id);
      if (!trial) throw new Error(`${join(sweep, STORE_FILE)} has no trial '${id}' (the name of ${folder}); give the config with --config <trial.yaml>`);
      return parseTrialConfig(trial.config);
    } finally {
      await store.close();
    }
  }
  throw new Error(`no trial config found for ${file} (neither ${trainYaml} nor a sweep store two folders up); give it with --config <trial.yaml>`);
}
