import { describe, expect, it } from 'vitest';

import { clusterlens } from './support/cli.js';

describe('help', () => {
  it('clusterlens --help lists every command with a description', () => {
    const { status, stdout } = clusterlens(['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/train \[options\] <config\.yaml>\s+Train one model/);
    expect(stdout).toMatch(/probe \[options\] <model>\s+Probe an existing model/);
  });

  it('train --help documents every option and how to resume', () => {
    const { stdout } = clusterlens(['train', '--help']);
    for (const option of ['--out <dir>', '--set <key=value>', '--threads <n>', '--no-progress']) expect(stdout).toContain(option);
    expect(stdout).toMatch(/resumes from its last checkpoint/);
  });

  it('probe --help documents every option with its default', () => {
    const { stdout } = clusterlens(['probe', '--help']);
    for (const option of ['--config <trial.yaml>', '--suite <suite.yaml>', '--position <where>', '--layers <list>', '--splits <list>', '--instances <n>', '--seed <n>', '--threads <n>', '--out <file>']) {
      expect(stdout).toContain(option);
    }
    expect(stdout.replace(/\s+/g, ' ')).toMatch(/probe position \(default: --config's, else sep\)/);
    expect(stdout.replace(/\s+/g, ' ')).toMatch(/instances per split \(default: --config's, else 512\)/);
  });

  it('slurm --help documents both modes, the options a site passes through and the requeue signal', () => {
    const { stdout } = clusterlens(['slurm', '--help']);
    for (const option of ['--mode <mode>', '--sweep-dir <dir>', '--trials-per-task <n>', '--sbatch-arg <option>', '--setup <line>', '--requeue-before <seconds>']) {
      expect(stdout).toContain(option);
    }
    expect(stdout.replace(/\s+/g, ' ')).toMatch(/sweep collect <sweep dir>/);
  });

  it('sweep collect --help documents its exit statuses', () => {
    const { stdout } = clusterlens(['sweep', 'collect', '--help']);
    expect(stdout).toMatch(/Exit status: 0 every trial is done, 2 some failed \(none missing\), 3 some have no result yet, 1 an error/);
  });

  it('a missing required option is reported with a pointer to --help', () => {
    const { status, stderr } = clusterlens(['train', 'x.yaml']);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/required option '-o, --out <dir>'/);
    expect(stderr).toMatch(/--help/);
  });
});
