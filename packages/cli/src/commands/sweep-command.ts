// `clusterlens sweep plan | run | export`: the sweep command group, with complete help.
import { InvalidArgumentError, Option, type Command } from 'commander';

import { sweepExportCommand } from './sweep-export.js';
import { sweepPlanCommand } from './sweep-plan.js';
import { sweepStatusCommand } from './sweep-status.js';
import { addRedisOptions } from './redis-options.js';
import { sweepRunCommand } from './sweep-run.js';

function positiveInt(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got '${text}'`);
    return n;
  };
}

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
    .description('Seed and hyperparameter sweeps: plan the trials of a spec, run them (resumable), export the results.')
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
    .option('-o, --out <dir>', 'the sweep folder: sweep.duckdb (results) and checkpoints/<trial id>/ (default: runs/<spec name>)')
    .option('-c, --concurrency <n>', "trials at once (overrides the spec's concurrency)", positiveInt('--concurrency'))
    .option('-t, --threads <n>', "threads per trial (overrides the spec's threadsPerTrial)", positiveInt('--threads'))
    .option('--oversubscribe', 'allow concurrency x threads above the number of cores')
    .option('--no-progress', 'do not show progress on stderr')
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
