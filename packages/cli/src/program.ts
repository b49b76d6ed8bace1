// The `clusterlens` command: every subcommand with complete help.
import { Command, InvalidArgumentError, Option } from 'commander';

import { probeCommand } from './commands/probe.js';
import { addSweepCommands } from './commands/sweep-command.js';
import { trainCommand } from './commands/train.js';

function positiveInt(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got '${text}'`);
    return n;
  };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function buildProgram(): Command {
  const program = new Command('clusterlens')
    .description('Train small GPT-style models on instruction-following task suites and measure how their hidden states cluster by task.')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true });

  program
    .command('train')
    .description('Train one model on a task suite, probing every layer for task clusters on the evaluation schedule.')
    .argument('<config.yaml>', 'trial config (YAML): data, model, optimizer, training, evaluation, probe, checkpoint, seed, threads')
    .requiredOption('-o, --out <dir>', 'output folder: metrics.csv, metrics.parquet, summary.md, model/ (Hugging Face), checkpoints/')
    .option('-s, --set <key=value>', 'override a config value by its path, e.g. --set training.steps=500 (repeatable)', collect, [])
    .option('-t, --threads <n>', 'threads for this trial (same as --set threads=N)', positiveInt('--threads'))
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
    .requiredOption('--suite <suite.yaml>', 'the task suite (YAML) whose instances are probed')
    .addOption(new Option('--position <where>', 'probe position').choices(['sep', 'ans', 'last-instruction-word', 'mean-instruction']).default('sep'))
    .option('--layers <list>', "residual layers to probe, e.g. '0,2,5', or 'all'", 'all')
    .option('--splits <list>', 'comma-separated splits', 'train,validation,unseen-samples,unseen-distribution,unseen-inputs')
    .option('--instances <n>', 'instances per split', positiveInt('--instances'), 512)
    .option('--seed <n>', 'seed of the evaluation sets and of k-means', (t) => Number(t), 0)
    .option('-t, --threads <n>', 'threads', positiveInt('--threads'), 1)
    .option('-o, --out <file>', 'also write the rows to this CSV (or .parquet) file')
    .addHelpText('after', '\nExample:\n  clusterlens probe runs/seed0/model --suite examples/suite.yaml --layers all --out probe.csv')
    .action(async (model: string, options) => {
      process.exitCode = await probeCommand(model, options);
    });

  addSweepCommands(program);

  return program;
}
