// The sbatch script of `clusterlens slurm` as text: what a site passes through, and the signal trap. Running it on
// a real Slurm cluster is test/sweep-slurm*.test.ts.
import { describe, expect, it } from 'vitest';

import { checkSbatchArg, checkSetupLine, slurmScript, slurmTimeSeconds, type SlurmScriptOptions } from '../src/commands/slurm-script.js';

const OPTIONS: SlurmScriptOptions = {
  jobName: 'clusterlens-lr study',
  array: '0-3%2',
  cpusPerTask: 2,
  time: '01:00:00',
  logFile: '/shared/sweep/slurm-logs/slurm-%A_%a.out',
  sbatchArgs: ['--mem=8G', '--gres=gpu:1'],
  setup: ['module load nodejs/22', 'source /shared/venv/bin/activate'],
  requeueBefore: 300,
  mode: 'array',
  header: ['a header'],
  preamble: [],
  command: "'/usr/bin/node' run-task",
};

const lines = (script: string) => script.split('\n');

describe('slurmScript', () => {
  it("writes the site's #SBATCH options after the script's own, verbatim", () => {
    const sbatch = lines(slurmScript(OPTIONS)).filter((l) => l.startsWith('#SBATCH'));
    expect(sbatch.slice(-2)).toEqual(['#SBATCH --mem=8G', '#SBATCH --gres=gpu:1']);
    expect(sbatch).toContain('#SBATCH --job-name=clusterlens-lr_study');
    expect(sbatch).toContain('#SBATCH --array=0-3%2');
  });

  it('runs the setup lines in order, before the command', () => {
    const script = lines(slurmScript(OPTIONS));
    const at = (line: string) => script.indexOf(line);
    expect(at('module load nodejs/22')).toBeGreaterThan(0);
    expect(at('module load nodejs/22')).toBeLessThan(at('source /shared/venv/bin/activate'));
    expect(at('source /shared/venv/bin/activate')).toBeLessThan(at(`${OPTIONS.command} &`));
  });

  it('asks Slurm for USR1 before the time limit and requeues an array task only when its command stopped as interrupted', () => {
    const script = slurmScript(OPTIONS);
    expect(lines(script)).toEqual(expect.arrayContaining(['#SBATCH --signal=B:USR1@300', '#SBATCH --requeue', 'trap before_time_limit USR1']));
    expect(script).toContain('if [[ $status -eq 75 ]]; then scontrol requeue "$SLURM_JOB_ID"; fi');
  });

  it('requeues a queue worker whatever its exit status: its trials are back in the queue', () => {
    expect(lines(slurmScript({ ...OPTIONS, mode: 'queue' }))).toContain('  scontrol requeue "$SLURM_JOB_ID"');
  });

  it('with requeueBefore 0 has no signal, no requeue and no trap', () => {
    const script = slurmScript({ ...OPTIONS, requeueBefore: 0 });
    expect(script).not.toMatch(/--signal|--requeue|trap|scontrol/);
  });
});

describe('checks of what a site passes', () => {
  it('refuses an #SBATCH option without its dashes, showing the form sbatch takes', () => {
    expect(() => checkSbatchArg('mem=8G')).toThrow("--sbatch-arg 'mem=8G': give the option as sbatch takes it, e.g. --sbatch-arg=--mem=8G");
  });

  it('refuses line breaks, which would smuggle in further lines', () => {
    expect(() => checkSbatchArg('--mem=8G\nrm -rf /')).toThrow(/one option per --sbatch-arg/);
    expect(() => checkSetupLine('module load a\nmodule load b')).toThrow(/one shell line per --setup/);
  });
});

describe('slurmTimeSeconds', () => {
  it.each([
    ['90', 5400],
    ['05:30', 330],
    ['01:00:00', 3600],
    ['2-00', 172_800],
    ['1-02:03', 93_780],
    ['1-00:00:05', 86_405],
  ])('reads %s as %d seconds', (text, seconds) => {
    expect(slurmTimeSeconds(text)).toBe(seconds);
  });

  it('reads UNLIMITED as no limit', () => {
    expect(slurmTimeSeconds('UNLIMITED')).toBeUndefined();
  });

  it('refuses what Slurm would not read, naming --time', () => {
    expect(() => slurmTimeSeconds('1h')).toThrow(/--time '1h': give a Slurm time limit/);
  });
});
