// The sbatch array script of `clusterlens slurm`, in both modes: what Slurm needs (#SBATCH lines, the site's
// own ones included), the site's setup lines, then the command, run in the background so that the script can
// forward the signal Slurm sends before the time limit and requeue the task.

/** run-task's exit status when a signal stopped it before its trials were all done: the script requeues it. */
export const TASK_INTERRUPTED_EXIT = 75;

export interface SlurmScriptOptions {
  jobName: string;
  /** `0-N`, with `%P` for the tasks running at once. */
  array: string;
  cpusPerTask: number;
  time: string;
  partition?: string;
  account?: string;
  /** Written as `--output`; `%A_%a` become the job and task ids. */
  logFile: string;
  /** Further #SBATCH options, verbatim (`--mem=8G`, `--gres=gpu:1`). */
  sbatchArgs: string[];
  /** Shell lines run before the command (`module load ...`, `source venv/bin/activate`). */
  setup: string[];
  /** Seconds before the time limit at which Slurm signals the script (USR1); 0: no signal, no requeue. */
  requeueBefore: number;
  /**
   * What the signal does: 'array' forwards it to `sweep run-task`, which checkpoints its trial, and requeues the task
   * when it exits as interrupted; 'queue' stops the worker (its trials checkpoint and go back to the queue) and
   * requeues the task, so the array keeps its workers until the queue is idle.
   */
  mode: 'array' | 'queue';
  /** Comment lines at the top (without the `# `). */
  header: string[];
  /** Shell lines after the setup and before the command (checks of the environment). */
  preamble: string[];
  /** The command line, already quoted. */
  command: string;
}

export const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** An #SBATCH option as given; errors name the flag and the fix. */
export function checkSbatchArg(arg: string): string {
  if (/[\r\n]/.test(arg)) throw new Error(`--sbatch-arg ${JSON.stringify(arg)}: one option per --sbatch-arg, without line breaks`);
  if (!/^--?[A-Za-z]/.test(arg)) {
    throw new Error(`--sbatch-arg '${arg}': give the option as sbatch takes it, e.g. --sbatch-arg=--mem=8G or --sbatch-arg=--gres=gpu:1`);
  }
  return arg;
}

/**
 * A Slurm time limit in seconds (`minutes`, `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM`, `D-HH:MM:SS`); undefined for
 * UNLIMITED. The signal before the time limit must come after the task has started.
 */
export function slurmTimeSeconds(text: string): number | undefined {
  if (/^(unlimited|infinite)$/i.test(text)) return undefined;
  const match = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text);
  if (!match) throw new Error(`--time '${text}': give a Slurm time limit, e.g. 90 (minutes), 01:30:00 or 2-00:00:00`);
  const [, days, a, b, c] = match;
  const n = (part: string | undefined) => Number(part ?? 0);
  if (days !== undefined) return n(days) * 86_400 + n(a) * 3600 + n(b) * 60 + n(c);
  if (c !== undefined) return n(a) * 3600 + n(b) * 60 + n(c);
  if (b !== undefined) return n(a) * 60 + n(b);
  return n(a) * 60;
}

export function checkSetupLine(line: string): string {
  if (/[\r\n]/.test(line)) throw new Error(`--setup ${JSON.stringify(line)}: one shell line per --setup (repeat the flag for more lines)`);
  return line;
}

export function slurmScript(o: SlurmScriptOptions): string {
  const signalled = o.requeueBefore > 0;
  const sbatch = [
    `--job-name=${o.jobName.replace(/[^A-Za-z0-9_.-]/g, '_')}`,
    `--array=${o.array}`,
    `--cpus-per-task=${o.cpusPerTask}`,
    `--time=${o.time}`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.account ? [`--account=${o.account}`] : []),
    `--output=${o.logFile}`,
    // A requeued task appends to its log instead of replacing the first run's.
    '--open-mode=append',
    '--export=ALL',
    ...(signalled ? [`--signal=B:USR1@${o.requeueBefore}`, '--requeue'] : []),
    ...o.sbatchArgs,
  ];
  const onSignal =
    o.mode === 'array'
      ? `  if [[ $status -eq ${TASK_INTERRUPTED_EXIT} ]]; then scontrol requeue "$SLURM_JOB_ID"; fi`
      : '  scontrol requeue "$SLURM_JOB_ID"';
  const why =
    o.mode === 'array'
      ? ['# Slurm sends USR1 before the time limit (--signal): the running trial saves a checkpoint, the command exits,', '# and the task is requeued; the requeued task resumes the trial from the checkpoint.']
      : ['# Slurm sends USR1 before the time limit (--signal): the worker stops, its trials save a checkpoint and go back to', '# the queue, and the task is requeued as a fresh worker.'];
  const trap = signalled
    ? [
        ...why,
        'child=',
        'before_time_limit() {',
        '  echo "clusterlens: the time limit is near; checkpointing and requeueing task ${SLURM_ARRAY_TASK_ID:-}" >&2',
        '  status=' + TASK_INTERRUPTED_EXIT,
        '  if [[ -n "$child" ]]; then kill -TERM "$child" 2>/dev/null; wait "$child"; status=$?; fi',
        onSignal,
        '  exit "$status"',
        '}',
        'trap before_time_limit USR1',
      ]
    : [];
  return [
    '#!/bin/bash',
    ...o.header.map((line) => `# ${line}`),
    ...sbatch.map((arg) => `#SBATCH ${arg}`),
    ...trap,
    'set -eo pipefail',
    ...o.setup,
    ...o.preamble,
    'set +e',
    // In the background: bash runs a trap only between commands, and `wait` is one it interrupts.
    `${o.command} &`,
    'child=$!',
    'wait "$child"',
    'status=$?',
    'exit "$status"',
    '',
  ].join('\n');
}
