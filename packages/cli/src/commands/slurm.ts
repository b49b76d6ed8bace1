// clusterlens slurm <spec.yaml>: an sbatch array script whose tasks are queue workers for the sweep.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { REDIS_URL_ENV } from './redis-options.js';
import { planSpec, readSpec, registerClusterlensTrial } from './sweep-trials.js';

export interface SlurmOptions {
  out?: string;
  partition?: string;
  time: string;
  cpusPerTask: number;
  threads?: number;
  workers?: number;
  arrayParallelism?: number;
  queue: string;
  redisCa?: string;
  workdir?: string;
  exitWhenIdle: number;
  node: string;
  account?: string;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function sbatchScript(spec: { name: string; trials: number; file: string }, options: SlurmOptions & { logDir: string; workdir: string }): string {
  const threads = options.threads ?? options.cpusPerTask;
  const perWorker = Math.max(1, Math.floor(options.cpusPerTask / threads));
  const workers = options.workers ?? Math.max(1, Math.min(spec.trials, 16));
  const array = `0-${workers - 1}${options.arrayParallelism ? `%${options.arrayParallelism}` : ''}`;
  const bin = fileURLToPath(new URL('../../bin/clusterlens.js', import.meta.url));
  const command = [
    quote(options.node),
    quote(bin),
    'worker --redis',
    `--queue ${quote(options.queue)}`,
    `--concurrency ${perWorker}`,
    `--threads ${threads}`,
    `--workdir ${quote(options.workdir)}`,
    `--exit-when-idle ${options.exitWhenIdle}`,
    ...(options.redisCa ? [`--redis-ca ${quote(resolve(options.redisCa))}`] : []),
  ].join(' ');
  return [
    '#!/bin/bash',
    `# Queue workers for the clusterlens sweep '${spec.name}' (${spec.trials} trials), written by \`clusterlens slurm\`.`,
    '# Launch, from a machine that reaches Redis and sees this file system:',
    `#   export ${REDIS_URL_ENV}=redis://:<password>@<host>:6379   # or rediss:// for TLS`,
    `#   clusterlens sweep run ${spec.file} --redis --queue ${options.queue} &   # the coordinator: enqueues, stores results`,
    '#   sbatch <this file>                                                      # the workers',
    '# The workers read the URL from the environment (sbatch exports it), so the password is not written here.',
    '# Each worker exits once the queue has been empty for --exit-when-idle seconds.',
    `#SBATCH --job-name=${`clusterlens-${spec.name}`.replace(/[^A-Za-z0-9_.-]/g, '_')}`,
    `#SBATCH --array=${array}`,
    `#SBATCH --cpus-per-task=${options.cpusPerTask}`,
    `#SBATCH --time=${options.time}`,
    ...(options.partition ? [`#SBATCH --partition=${options.partition}`] : []),
    ...(options.account ? [`#SBATCH --account=${options.account}`] : []),
    `#SBATCH --output=${join(options.logDir, 'slurm-%A_%a.out')}`,
    '#SBATCH --export=ALL',
    'set -euo pipefail',
    `: "\${${REDIS_URL_ENV}:?export ${REDIS_URL_ENV} before sbatch (see the top of this file)}"`,
    `exec ${command}`,
    '',
  ].join('\n');
}

export async function slurmCommand(specFile: string, options: SlurmOptions): Promise<number> {
  registerClusterlensTrial();
  const spec = await readSpec(specFile);
  const trials = planSpec(spec, specFile).length;
  const dir = resolve(join('runs', spec.name));
  const out = resolve(options.out ?? join(dir, 'workers.sbatch'));
  const workdir = resolve(options.workdir ?? join(dir, 'worker-checkpoints'));
  const logDir = join(dirname(out), 'slurm-logs');
  await mkdir(logDir, { recursive: true });
  await writeFile(out, sbatchScript({ name: spec.name, trials, file: specFile }, { ...options, logDir, workdir }), { mode: 0o755 });
  process.stdout.write(
    [
      `Wrote ${out} (${trials} trials; workers log to ${logDir}).`,
      'Launch:',
      `  export ${REDIS_URL_ENV}=redis://:<password>@<redis host>:6379`,
      `  clusterlens sweep run ${specFile} --redis --queue ${options.queue} &`,
      `  sbatch ${out}`,
      '',
    ].join('\n'),
  );
  return 0;
}
