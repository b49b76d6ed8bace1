// clusterlens slurm <spec.yaml>: an sbatch array script for a sweep. Mode 'queue': the tasks are queue workers for
// a coordinator on Redis. Mode 'array': each task runs its own trials of the plan and writes their results to the
// sweep folder, where `clusterlens sweep collect` stores them; no server is needed.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { taskCount } from '@clusterlens/sweep';

import { REDIS_URL_ENV } from './redis-options.js';
import { checkSbatchArg, checkSetupLine, shellQuote as quote, slurmScript, slurmTimeSeconds, TASK_INTERRUPTED_EXIT, type SlurmScriptOptions } from './slurm-script.js';
import { planSpec, readSpec, registerClusterlensTrial } from './sweep-trials.js';

export interface SlurmOptions {
  mode: 'queue' | 'array';
  out?: string;
  sweepDir?: string;
  partition?: string;
  time: string;
  cpusPerTask: number;
  threads?: number;
  workers?: number;
  trialsPerTask: number;
  arrayParallelism?: number;
  queue: string;
  redisCa?: string;
  workdir?: string;
  exitWhenIdle: number;
  node: string;
  account?: string;
  sbatchArg: string[];
  setup: string[];
  requeueBefore: number;
}

/** The file `clusterlens slurm --mode array` copies the spec to, in the sweep folder; `sweep collect` reads it. */
export const SWEEP_SPEC_COPY = 'spec.yaml';

const BIN = () => fileURLToPath(new URL('../../bin/clusterlens.js', import.meta.url));

export async function slurmCommand(specFile: string, options: SlurmOptions): Promise<number> {
  registerClusterlensTrial();
  const spec = await readSpec(specFile);
  const trials = planSpec(spec, specFile).length;
  const limit = slurmTimeSeconds(options.time);
  if (limit !== undefined && options.requeueBefore >= limit) {
    throw new Error(
      `--requeue-before ${options.requeueBefore}: the signal would come before the task starts (--time ${options.time} is ${limit} s); ` +
        'give a smaller --requeue-before, or 0 for none',
    );
  }
  const shared = {
    jobName: `clusterlens-${spec.name}`,
    cpusPerTask: options.cpusPerTask,
    time: options.time,
    partition: options.partition,
    account: options.account,
    sbatchArgs: options.sbatchArg.map(checkSbatchArg),
    setup: options.setup.map(checkSetupLine),
    requeueBefore: options.requeueBefore,
  };
  const parallelism = options.arrayParallelism ? `%${options.arrayParallelism}` : '';
  const threads = options.threads ?? options.cpusPerTask;
  // This installation's command, run by the Node.js of the compute nodes (--node).
  const cli = (...args: string[]) => [quote(options.node), quote(BIN()), ...args].join(' ');
  const made = options.mode === 'array' ? arrayScript() : queueScript();
  await made.prepare();
  await mkdir(dirname(made.logFile), { recursive: true });
  await mkdir(dirname(made.out), { recursive: true });
  await writeFile(made.out, slurmScript({ ...shared, ...made.script, logFile: made.logFile }), { mode: 0o755 });
  process.stdout.write(`${made.message.join('\n')}\n`);
  return 0;

  function arrayScript() {
    const dir = resolve(options.sweepDir ?? join('runs', spec.name));
    const out = resolve(options.out ?? join(dir, 'array.sbatch'));
    const logFile = join(dir, 'slurm-logs', 'slurm-%A_%a.out');
    const tasks = taskCount(trials, options.trialsPerTask);
    // The tasks read a copy: editing the spec while the array runs cannot change what its tasks run.
    const copy = join(dir, SWEEP_SPEC_COPY);
    const command = cli(
      'sweep run-task',
      quote(copy),
      `--out ${quote(dir)}`,
      '--task "$SLURM_ARRAY_TASK_ID"',
      `--trials-per-task ${options.trialsPerTask}`,
      `--threads ${threads}`,
    );
    const script: Pick<SlurmScriptOptions, 'mode' | 'array' | 'header' | 'preamble' | 'command'> = {
      mode: 'array',
      array: `0-${tasks - 1}${parallelism}`,
      header: [
        `The clusterlens sweep '${spec.name}' (${trials} trials) as a Slurm array, written by \`clusterlens slurm --mode array\`.`,
        `${options.trialsPerTask === 1 ? 'Task i runs trial i of the plan' : `Task i runs trials i*${options.trialsPerTask} .. i*${options.trialsPerTask}+${options.trialsPerTask - 1} of the plan`} and writes each one's result.json to`,
        `${dir}/checkpoints/<trial id>/. Launch with \`sbatch <this file>\`, then store the results with`,
        `\`clusterlens sweep collect ${dir}\` (any time; again once the array is done).`,
        `Exit status of a task: 0 its trials are done, 1 some failed, ${TASK_INTERRUPTED_EXIT} stopped by a signal (requeued).`,
      ],
      preamble: [],
      command,
    };
    return {
      out,
      logFile,
      script,
      message: [
        `Wrote ${out} (${trials} trials in ${tasks} array task${tasks === 1 ? '' : 's'}; logs go to ${dirname(logFile)}).`,
        'Launch, then store the results (run collect any time; it exits 3 while trials are missing):',
        `  sbatch ${out}`,
        `  clusterlens sweep collect ${dir}`,
      ],
      async prepare() {
        await mkdir(dir, { recursive: true });
        if (resolve(specFile) !== copy) await copyFile(specFile, copy);
      },
    };
  }

  function queueScript() {
    const dir = resolve(join('runs', spec.name));
    const out = resolve(options.out ?? join(dir, 'workers.sbatch'));
    const workdir = resolve(options.workdir ?? join(dir, 'worker-checkpoints'));
    const logFile = join(dirname(out), 'slurm-logs', 'slurm-%A_%a.out');
    const perWorker = Math.max(1, Math.floor(options.cpusPerTask / threads));
    const workers = options.workers ?? Math.max(1, Math.min(trials, 16));
    const command = cli(
      'worker --redis',
      `--queue ${quote(options.queue)}`,
      `--concurrency ${perWorker}`,
      `--threads ${threads}`,
      `--workdir ${quote(workdir)}`,
      `--exit-when-idle ${options.exitWhenIdle}`,
      ...(options.redisCa ? [`--redis-ca ${quote(resolve(options.redisCa))}`] : []),
    );
    const script: Pick<SlurmScriptOptions, 'mode' | 'array' | 'header' | 'preamble' | 'command'> = {
      mode: 'queue',
      array: `0-${workers - 1}${parallelism}`,
      header: [
        `Queue workers for the clusterlens sweep '${spec.name}' (${trials} trials), written by \`clusterlens slurm\`.`,
        'Launch, from a machine that reaches Redis and sees this file system:',
        `  export ${REDIS_URL_ENV}=redis://:<password>@<host>:6379   # or rediss:// for TLS`,
        `  clusterlens sweep run ${specFile} --redis --queue ${options.queue} &   # the coordinator: enqueues, stores results`,
        '  sbatch <this file>                                                      # the workers',
        'The workers read the URL from the environment (sbatch exports it), so the password is not written here.',
        'Each worker exits once the queue has been empty for --exit-when-idle seconds.',
      ],
      preamble: [`: "\${${REDIS_URL_ENV}:?export ${REDIS_URL_ENV} before sbatch (see the top of this file)}"`],
      command,
    };
    return {
      out,
      logFile,
      script,
      message: [
        `Wrote ${out} (${trials} trials; workers log to ${dirname(logFile)}).`,
        'Launch:',
        `  export ${REDIS_URL_ENV}=redis://:<password>@<redis host>:6379`,
        `  clusterlens sweep run ${specFile} --redis --queue ${options.queue} &`,
        `  sbatch ${out}`,
      ],
      async prepare() {},
    };
  }
}
