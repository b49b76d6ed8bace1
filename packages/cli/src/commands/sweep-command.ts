// `clusterlens sweep plan | run | run-task | collect | export`: the sweep command group, with complete help.
import { Option, type Command } from 'commander';

import { nonNegativeInt, positiveInt } from '../int-options.js';
import { COLLECT_EXIT, sweepCollectCommand } from './sweep-collect.js';
import { sweepExportCommand } from './sweep-export.js';
import { sweepPlanCommand } from './sweep-plan.js';
import { sweepStatusCommand } from './sweep-status.js';
import { addLocalRunOptions } from './local-run-options.js';
import { addRedisOptions } from './redis-options.js';
import { sweepRunCommand } from './sweep-run.js';
import { sweepRunTaskCommand } from './sweep-run-task.js';
import { TASK_INTERRUPTED_EXIT } from './slurm-script.js';

const SWEEP_SPEC_HELP = [
  '',
  'A sweep spec (YAML) varies a base trial config:',
  '  name: lr-study                  # names the output folder runs/<name>',
  '  trial: clusterlens              # the registered trial function (default)',
  '  base: trial.yaml                # the config every trial starts from: a trial file (relative to the spec),',
  '                                  # an inline config, or a list of both deep-merged in order',
  '  interventions:                  # name -> patch deep-merged onto base (default: baseline: {})',
  '    output: { training: { loss: output } }',
  '    all: { training: { loss: all } }',
  '  axes:                           # config path -> grid values, or random draws',
  '    optimizer.lr: [0.001, 0.002]',
  '    optimizer.warmupSteps: { random: { choice: [0, 30, 100] }, count: 2 }   # count: 2 draws, crossed',
  '    optimizer.weightDecay: { random: { logUniform: [1.0e-4, 1.0e-1] } }     # no count: sampled',
  '  samples: 4                      # joint random search: 4 draws of every random axis without count',
  '  seeds: { count: 3, start: 0 }   # or a list; each sets the config\'s `seed`',
  '  randomSeed: 0                   # seeds the random draws',
  '  concurrency: 2                  # trials at once (default: cores / threadsPerTrial)',
  '  threadsPerTrial: 1',
  '  maxAttempts: 2                  # for failures other than user errors (a bad config)',
  'Trials = interventions x grid points x samples x seeds. Grid points are the product of the grids and the counted',
  "random axes' draws; each sample draws one value of every random axis without count (labelled sample=<n>).",
  'Without samples every random axis needs count. A trial id is a hash of its resolved config and the code version',
  "(a hash of the built JavaScript of the trial's packages and the engine's sources): changed code, new ids.",
].join('\n');

export function addSweepCommands(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('Seed and hyperparameter sweeps: plan the trials of a spec, run them (resumable), collect array results, export the results.')
    .addHelpText('after', SWEEP_SPEC_HELP);

  sweep
    .command('plan')
    .description('List the trials a sweep spec expands to (id, label, intervention, seed, axes) without running anything.')
    .argument('<spec.yaml>', 'the sweep spec')
    .option('--json', 'print the planned trials, resolved configs included, as JSON')
    .addHelpText('after', `\nEvery trial config is validated here, its task suite built too, so a bad config fails before a sweep starts.\n${SWEEP_SPEC_HELP}\n\nExample:\n  clusterlens sweep plan examples/quickstart-sweep.yaml`)
    .action(async (specFile: string, options) => {
      process.exitCode = await sweepPlanCommand(specFile, options);
    });

  const run = sweep
    .command('run')
    .description('Run every trial of a sweep that is not done yet, in worker threads on this machine or, with --redis, on queue workers anywhere.')
    .argument('<spec.yaml>', 'the sweep spec')
    .option('-o, --out <dir>', 'the sweep folder: sweep.duckdb (results) and checkpoints/<trial id>/ (default: runs/<spec name>)');
  addLocalRunOptions(run, "the spec's")
    .addHelpText(
      'after',
      [
        '',
        'Running the same command again resumes: finished trials are not run again, and trials that were running',
        'when the sweep stopped (Ctrl-C, a crash, a kill) resume from their checkpoints. Failed trials are retried.',
        'Ctrl-C stops cleanly: no new trials start, running ones save a checkpoint, the store is closed.',
        'Exit status: 0 when every trial is done, 1 when some failed, 130 when stopped.',
        '',
        'With --redis the coordinator enqueues the trials on Redis (BullMQ) and stores what `clusterlens worker`',
        'processes on any number of machines return; a coordinator restarted collects trials finished meanwhile.',
        '',
        'Examples:',
        '  clusterlens sweep run examples/quickstart-sweep.yaml --concurrency 2 --threads 1',
        '  CLUSTERLENS_REDIS_URL=redis://:secret@head:6379 clusterlens sweep run spec.yaml --redis',
      ].join('\n'),
    );
  addRedisOptions(run)
    .action(async (specFile: string, options) => {
      process.exitCode = await sweepRunCommand(specFile, options);
    });

  sweep
    .command('status')
    .description('Show done, running and failed trials, and the latest metrics of running ones; safe while the sweep runs.')
    .argument('<dir>', 'the sweep folder (the one holding sweep.duckdb)')
    .option('--json', 'print the status as JSON')
    .addHelpText(
      'after',
      [
        '',
        'While a coordinator runs, it keeps sweep.duckdb locked; status then reads the snapshot it rewrites about once',
        'a second (<dir>/status.json) and each running trial\'s live rows (<dir>/checkpoints/<trial id>/metrics.jsonl).',
        'Otherwise it reads the store. Trials of --redis workers write their live rows on the worker\'s --workdir;',
        'the coordinator copies them into the sweep folder when each trial is done.',
        '',
        'Example:',
        '  clusterlens sweep status runs/quickstart-sweep',
      ].join('\n'),
    )
    .action(async (dir: string, options) => {
      process.exitCode = await sweepStatusCommand(dir, options);
    });

  sweep
    .command('run-task')
    .description('Run one task of a sweep without a coordinator (a Slurm array task): its trials, each leaving result.json in its folder.')
    .argument('<spec.yaml>', 'the sweep spec')
    .requiredOption('-o, --out <dir>', 'the sweep folder; trial i writes <dir>/checkpoints/<trial id>/ (checkpoint, result.json)')
    .option('--task <i>', 'the task index, from 0 (default: $SLURM_ARRAY_TASK_ID)', nonNegativeInt('--task'))
    .option('--trials-per-task <n>', 'task i runs trials i*n .. i*n+n-1 of the plan, one after the other', positiveInt('--trials-per-task'), 1)
    .option('-t, --threads <n>', "threads per trial (default: the spec's threadsPerTrial)", positiveInt('--threads'))
    .addHelpText(
      'after',
      [
        '',
        'Written into the script of `clusterlens slurm --mode array`; store the results with `clusterlens sweep collect`.',
        'Trials whose result.json says done are skipped; an interrupted trial resumes from its checkpoint. Failures other',
        "than user errors are retried up to the spec's maxAttempts; a trial that still fails leaves a failure record.",
        'SIGTERM, SIGUSR1 or SIGINT: the running trial saves a checkpoint and the task stops.',
        `Exit status: 0 every trial of the task is done, 1 some failed, ${TASK_INTERRUPTED_EXIT} stopped by a signal (run it again to resume).`,
        '',
        'Example:',
        '  clusterlens sweep run-task runs/lr-study/spec.yaml --out runs/lr-study --task 3 --trials-per-task 2',
      ].join('\n'),
    )
    .action(async (specFile: string, options) => {
      process.exitCode = await sweepRunTaskCommand(specFile, options);
    });

  sweep
    .command('collect')
    .description('Store the results that array tasks wrote to a sweep folder (checkpoints/<trial id>/result.json) in its sweep.duckdb.')
    .argument('<dir>', 'the sweep folder')
    .option('--spec <spec.yaml>', 'the sweep spec (default: <dir>/spec.yaml, the copy `clusterlens slurm --mode array` writes)')
    .addHelpText(
      'after',
      [
        '',
        'Records each new result with the store\'s own writes, so `report` and `export` read the store as after `sweep run`.',
        'Idempotent: results already stored are not recorded again, so it can run while the array runs, and again after.',
        'Lists the failed trials and those with no result yet.',
        `Exit status: ${COLLECT_EXIT.complete} every trial is done, ${COLLECT_EXIT.failed} some failed (none missing), ${COLLECT_EXIT.missing} some have no result yet, 1 an error.`,
        '',
        'Example:',
        '  clusterlens sweep collect runs/lr-study && clusterlens report runs/lr-study',
      ].join('\n'),
    )
    .action(async (dir: string, options) => {
      process.exitCode = await sweepCollectCommand(dir, options);
    });

  sweep
    .command('export')
    .description("Write a sweep's trials and metrics tables (trials.<ext>, metrics.<ext>) as Parquet or CSV.")
    .argument('<dir>', 'the sweep folder (the one holding sweep.duckdb)')
    .addOption(new Option('-f, --format <format>', 'file format').choices(['parquet', 'csv']).makeOptionMandatory())
    .option('--to <dir>', 'where to write the files (default: the sweep folder)')
    .option('--flatten', "add each config field to trials as a typed column named config.<path> (e.g. config.model.nLayer)")
    .addHelpText('after', '\nExample:\n  clusterlens sweep export runs/quickstart-sweep --format parquet --flatten --to out/')
    .action(async (dir: string, options) => {
      process.exitCode = await sweepExportCommand(dir, options);
    });
}
