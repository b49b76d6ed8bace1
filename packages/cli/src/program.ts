// The `clusterlens` command: every subcommand with complete help.
import { Command, Option } from 'commander';

import { PROBE_HOOKS, PROBE_POSITIONS, TRIAL_DEFAULTS } from '@clusterlens/experiment';
import { VERDICT_DEFAULTS, VERDICT_THRESHOLDS } from '@clusterlens/report';

import { exportHfCommand } from './commands/export-hf.js';
import { probeCommand } from './commands/probe.js';
import { reportCommand } from './commands/report.js';
import { PAPER_SCALES, reproduceCommand } from './commands/reproduce.js';
import { addLocalRunOptions } from './commands/local-run-options.js';
import { addRedisOptions } from './commands/redis-options.js';
import { slurmCommand } from './commands/slurm.js';
import { addSweepCommands } from './commands/sweep-command.js';
import { trainCommand } from './commands/train.js';
import { workerCommand } from './commands/worker.js';
import { nonNegativeInt, positiveInt } from './int-options.js';
import { cliVersion } from './version.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function buildProgram(): Command {
  const program = new Command('clusterlens')
    .description('Train small GPT-style models on instruction-following task suites and measure how their hidden states cluster by task.')
    .version(cliVersion(), '-V, --version', 'print the version of clusterlens (the @clusterlens/cli package)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true });

  program
    .command('train')
    .description('Train one model on a task suite, probing every layer for task clusters on the evaluation schedule.')
    .argument('<config.yaml>', 'trial config (YAML): data, model, optimizer, training, evaluation, probe, checkpoint, seed')
    .requiredOption('-o, --out <dir>', 'output folder: metrics.csv, metrics.parquet, summary.md, model/ (Hugging Face), checkpoints/')
    .option('-s, --set <key=value>', 'override a config value by its path, e.g. --set training.steps=500 (repeatable)', collect, [])
    .option('-t, --threads <n>', 'threads for this trial; results do not depend on it', positiveInt('--threads'), 1)
    .option('--no-progress', 'do not show the progress bar')
    .addHelpText(
      'after',
      [
        '',
        'A trial interrupted (Ctrl-C, crash, kill) resumes from its last checkpoint when the same command is run again,',
        'and ends with exactly the results of an uninterrupted run.',
        '',
        'Example:',
        '  clusterlens train examples/trial.yaml --out runs/seed0 --set seed=0 --set training.steps=1000',
      ].join('\n'),
    )
    .action(async (config: string, options) => {
      process.exitCode = await trainCommand(config, options);
    });

  program
    .command('probe')
    .description('Probe an existing model: cluster its hidden states on a task suite and score them against the tasks.')
    .argument('<model>', 'a clusterlens checkpoint (.safetensors) or a Hugging Face GPT-2 directory (config.json + model.safetensors)')
    .option('--config <trial.yaml>', "a trial config: its suite (data), seed and probe settings, so the probe measures what that trial measured (with the trial's checkpoint)")
    .option('--suite <suite.yaml>', "the task suite (YAML) whose instances are probed (default: --config's data)")
    .addOption(new Option('--position <where>', `probe position (default: --config's, else ${TRIAL_DEFAULTS.probe.position})`).choices([...PROBE_POSITIONS]))
    .addOption(
      new Option(
        '--hook <activation>',
        "activation to cluster: resid (the residual stream, layers 0..nLayer), or per block (layers = blocks 0..nLayer-1) resid_mid, attn_out, mlp_out, pattern (each head's attention row) (default: --config's probe.hook, else resid)",
      ).choices([...PROBE_HOOKS]),
    )
    .option('--layers <list>', "layers to probe, e.g. '0,2,5', or 'all': residual layers for --hook resid, blocks otherwise", 'all')
    .option('--standardize', "standardise each layer's dimensions (mean 0, standard deviation 1) before clustering (default: --config's probe.standardize, else off)")
    .option('--splits <list>', `comma-separated splits (default: --config's, else ${TRIAL_DEFAULTS.evaluation.splits.join(',')})`)
    .option('--instances <n>', `instances per split (default: --config's, else ${TRIAL_DEFAULTS.evaluation.instancesPerSplit})`, positiveInt('--instances'))
    .option('--seed <n>', `a trial seed: the evaluation sets, k-means seeds and (when the config leaves data.seed out) task suite are those of a trial with this seed (default: --config's, else ${TRIAL_DEFAULTS.seed})`, nonNegativeInt('--seed'))
    .option('-t, --threads <n>', 'threads', positiveInt('--threads'), 1)
    .option('-o, --out <file>', 'also write the rows to this CSV (or .parquet) file')
    .addHelpText(
      'after',
      [
        '',
        'A trial checkpoint probed with its config reproduces that trial\'s evaluation at the checkpoint\'s step exactly.',
        'A Hugging Face folder stores no step, so it is probed as step 0 (its k-means seeds are those of step 0).',
        'Other settings (k-means, silhouette sample, batch size) come from --config, or the trial defaults.',
        '',
        'Examples:',
        '  clusterlens probe runs/seed0/checkpoints/trial.safetensors --config runs/seed0/config.yaml',
        '  clusterlens probe runs/seed0/model --suite examples/suite.yaml --layers all --out probe.csv',
        '  clusterlens probe runs/seed0/model --suite examples/suite.yaml --hook attn_out --layers 0,1',
      ].join('\n'),
    )
    .action(async (model: string, options) => {
      process.exitCode = await probeCommand(model, options);
    });

  program
    .command('export-hf')
    .description("Write a trial's model as a Hugging Face directory that transformers loads, tokenizer included.")
    .argument('<source>', 'a trial folder (train --out), a sweep trial folder (<sweep>/checkpoints/<id>) or a clusterlens checkpoint (.safetensors)')
    .requiredOption('-o, --out <dir>', 'the directory to write: config.json, model.safetensors, generation_config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json')
    .option('--step <n>', 'export the snapshot kept at this step (checkpoint.keep) instead of the latest checkpoint', nonNegativeInt('--step'))
    .option('--config <trial.yaml>', "the trial config (default: the folder's config.yaml, or the sweep store's row of the trial)")
    .addHelpText(
      'after',
      [
        '',
        "The suite is rebuilt from the trial's config, so config.json names its own BOS/EOS/PAD ids and tokenizer.json",
        'holds its vocabulary (the natural suite uses GPT-2\'s tokenizer, whose files are not written).',
        '',
        'Examples:',
        '  clusterlens export-hf runs/seed0 --out hf/seed0',
        '  clusterlens export-hf runs/sweep/checkpoints/3f2a9c0d1e --step 1000 --out hf/step1000',
      ].join('\n'),
    )
    .action(async (source: string, options) => {
      process.exitCode = await exportHfCommand(source, options);
    });

  addSweepCommands(program);

  const report = program
    .command('report')
    .description("Write a sweep's statistics report: report.html (offline, interactive), summary.md, PNG/SVG figures, CSV/Parquet tables.")
    .argument('<sweep dir>', 'the sweep folder (the one holding sweep.duckdb)')
    .option('-o, --out <dir>', 'where to write the report (default: <sweep dir>/report)')
    .option('--seed <n>', 'seed of every bootstrap interval, so a report is reproducible', '0')
    .option('--threshold <ari>', 'ARI level for emergence and steps-to-threshold', '0.5')
    .option('--baseline <intervention>', 'the intervention others are compared with (default: baseline, none, control or default, else the first)');
  // One flag per verdict threshold, with its default: every number a verdict depends on can be set here.
  for (const { name, flag, value, claim, description } of VERDICT_THRESHOLDS) {
    report.option(`${flag} <${value}>`, `${claim === 'all' ? '' : `${claim}: `}${description}`, String(VERDICT_DEFAULTS[name]));
  }
  report
    .addHelpText(
      'after',
      [
        '',
        'The report takes the claims of docs/PROTOCOL.md section 7 that the sweep can speak to (clusters rise and saturate,',
        'deeper layers cluster more, validation tracks training, in-cluster instances are answered better, interventions',
        'against the baseline), each with its statistic and confidence interval across seeds. Verdicts are decided by',
        "t-tests across seeds against the thresholds above, Holm-corrected over each claim's comparisons for one condition at",
        '--alpha; bootstrap intervals are shown but never decide. The report prints every threshold with the verdicts.',
        '',
        'Example:',
        '  clusterlens report runs/quickstart-sweep --seed 0',
        '  clusterlens report runs/quickstart-sweep --c4-min-gap 0.1 --alpha 0.01',
      ].join('\n'),
    )
    .action(async (dir: string, options) => {
      process.exitCode = await reportCommand(dir, options);
    });

  const reproduce = program
    .command('reproduce')
    .description("Run the paper's sweeps (one per claim group: C1-C4, C5, C6, C7), report each, and write REPRODUCTION.md with every claim's statistics, intervals and verdicts.")
    .addOption(new Option('--scale <scale>', 'small: everything in about 15 minutes on 2 cores; full: the protocol scale (hours, see each spec)').choices([...PAPER_SCALES]).default('small'))
    .option('--specs <dir>', 'the folder holding small/ and full/ sweep specs', 'examples/paper')
    .option('-o, --out <dir>', 'where the sweeps, their reports and REPRODUCTION.md go (default: runs/paper-<scale>)')
    .option('--docs <file>', 'also write the document to this file (e.g. docs/REPRODUCTION.md), its figures copied next to it');
  addLocalRunOptions(reproduce, "the specs'")
    .addHelpText(
      'after',
      [
        '',
        'Running the same command again resumes: each sweep resumes as `clusterlens sweep run` does, finished sweeps are',
        'only reported again, and the wall time recorded is summed over the runs.',
        '',
        'Example:',
        '  clusterlens reproduce --scale small --docs docs/REPRODUCTION.md',
        '  clusterlens reproduce --scale full --redis   # trials run by `clusterlens worker --redis` anywhere',
      ].join('\n'),
    );
  addRedisOptions(reproduce)
    .action(async (options) => {
      process.exitCode = await reproduceCommand(options);
    });

  const worker = program
    .command('worker')
    .description('Run queued sweep trials on this machine: a worker for `clusterlens sweep run --redis` (start any number, anywhere).')
    .option('-c, --concurrency <n>', 'trials at once on this machine (default: cores / threads)', positiveInt('--concurrency'))
    .option('-t, --threads <n>', 'threads per trial', positiveInt('--threads'), 1)
    .option('--workdir <dir>', 'where trial checkpoints go (<dir>/<trial id>); a shared file system lets any worker resume any trial', '.clusterlens/worker')
    .option('--max-failures <n>', 'stop taking work after this many failed trials in a row (exit status 3)', positiveInt('--max-failures'), 3)
    .option('--exit-when-idle <seconds>', 'exit once the queue has been empty this long (batch jobs, Slurm arrays)', positiveInt('--exit-when-idle'))
    .option('--lock-seconds <n>', "a job whose worker stops renewing its lock for this long goes back to the queue (a crashed worker's trials)", positiveInt('--lock-seconds'), 30);
  addRedisOptions(worker)
    .addHelpText(
      'after',
      [
        '',
        'Trials run in worker threads; the main thread only renews job locks, so long trials never lose theirs.',
        'SIGINT/SIGTERM: running trials save a checkpoint and go back to the queue, then the worker exits.',
        'Credentials never appear in the output: URLs are printed as redis://***:***@host:port.',
        '',
        'Example:',
        '  CLUSTERLENS_REDIS_URL=rediss://:secret@head:6380 clusterlens worker --redis --redis-ca head.pem --threads 2',
      ].join('\n'),
    )
    .action(async (options) => {
      process.exitCode = await workerCommand(options);
    });

  program
    .command('slurm')
    .description('Write an sbatch array script for a sweep: tasks that run trials and write results to the sweep folder (--mode array), or queue workers for a coordinator on Redis (--mode queue).')
    .argument('<spec.yaml>', 'the sweep spec')
    .addOption(new Option('--mode <mode>', 'array: each task runs its share of the trials, no server needed; queue: the tasks are workers for `sweep run --redis`').choices(['queue', 'array']).default('queue'))
    .option('-o, --out <file>', 'the script to write (default: array: <sweep dir>/array.sbatch; queue: runs/<spec name>/workers.sbatch)')
    .option('--sweep-dir <dir>', 'array: the sweep folder, on a file system the nodes share: results, checkpoints, logs (default: runs/<spec name>)')
    .option('--trials-per-task <n>', 'array: trials each task runs, one after the other', positiveInt('--trials-per-task'), 1)
    .option('--partition <name>', 'Slurm partition')
    .option('--account <name>', 'Slurm account')
    .option('--time <limit>', 'time limit of each task (Slurm format)', '04:00:00')
    .option('--cpus-per-task <n>', 'cores of each array task', positiveInt('--cpus-per-task'), 2)
    .option('--threads <n>', 'threads per trial (default: --cpus-per-task)', positiveInt('--threads'))
    .option('--array-parallelism <n>', 'array tasks running at once (the %N of --array)', positiveInt('--array-parallelism'))
    .option('--sbatch-arg <option>', "an extra #SBATCH option as sbatch takes it, e.g. --sbatch-arg=--mem=8G, --sbatch-arg=--gres=gpu:1, --sbatch-arg=--qos=long (repeatable)", collect, [])
    .option('--setup <line>', "a shell line the task runs before clusterlens, e.g. --setup 'module load nodejs' (repeatable, in order)", collect, [])
    .option('--requeue-before <seconds>', 'Slurm signals the task this long before its time limit: the trial saves a checkpoint and the task is requeued, to resume from it (0: off)', nonNegativeInt('--requeue-before'), 300)
    .option('--node <path>', 'the Node.js binary on the compute nodes', process.execPath)
    .option('--workers <n>', 'queue: array tasks (default: the number of trials, at most 16)', positiveInt('--workers'))
    .option('--queue <name>', 'queue: the queue shared with the coordinator', 'clusterlens')
    .option('--redis-ca <pem>', 'queue: certificate authority of a rediss:// server')
    .option('--workdir <dir>', 'queue: checkpoint folder of the workers, on a shared file system (default: runs/<spec name>/worker-checkpoints)')
    .option('--exit-when-idle <seconds>', 'queue: workers exit once the queue has been empty this long', positiveInt('--exit-when-idle'), 60)
    .addHelpText(
      'after',
      [
        '',
        'Array mode: task i runs trials i*n .. i*n+n-1 of the plan (n = --trials-per-task) with `clusterlens sweep run-task`',
        "and writes each trial's result to <sweep dir>/checkpoints/<trial id>/result.json; `clusterlens sweep collect",
        "<sweep dir>` stores them in sweep.duckdb (run it any time; it records only what is new). The spec is copied to",
        '<sweep dir>/spec.yaml, which the tasks and collect read. Logs: <sweep dir>/slurm-logs/.',
        'Before the time limit (--requeue-before) Slurm sends USR1; the script stops the trial, which saves a checkpoint,',
        'and requeues the task, which resumes the trial from it. A queue worker signalled so returns its trials to the queue.',
        'The script holds no credentials: queue workers read the Redis URL from the environment sbatch exports.',
        '',
        'Examples:',
        '  clusterlens slurm examples/quickstart-sweep.yaml --mode array --partition cpu --cpus-per-task 2 --time 01:00:00 \\',
        "    --sbatch-arg=--mem=4G --setup 'module load nodejs/22'",
        '  clusterlens slurm examples/quickstart-sweep.yaml --partition cpu --cpus-per-task 4 --workers 8 --time 01:00:00',
      ].join('\n'),
    )
    .action(async (spec: string, options) => {
      process.exitCode = await slurmCommand(spec, options);
    });

  return program;
}
