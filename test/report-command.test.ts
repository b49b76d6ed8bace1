// `clusterlens report <sweep dir>`: writes the report and prints where it is and one line per finding; every verdict
// threshold is a flag, listed by --help with its default and printed with the verdicts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { VERDICT_DEFAULTS, VERDICT_THRESHOLDS } from '@clusterlens/report';

import { reportCommand } from '../packages/cli/src/commands/report.js';
import { writeSyntheticSweep } from '../packages/report/test/support/synthetic-sweep.js';
import { runCli } from './support/cli.js';

describe('clusterlens report', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'clusterlens-report-command-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  async function run(sweepDir: string, options: Parameters<typeof reportCommand>[1]): Promise<{ code: number; output: string }> {
    const chunks: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      const code = await reportCommand(sweepDir, options);
      return { code, output: chunks.join('') };
    } finally {
      spy.mockRestore();
    }
  }

  it('writes the report where --out says and prints its path and the findings', async () => {
    const sweepDir = await writeSyntheticSweep(join(scratch, 'sweep'));
    const out = join(scratch, 'elsewhere');
    const { code, output } = await run(sweepDir, { out, seed: '3', threshold: '0.6' });
    expect(code).toBe(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(output).toContain(`Report: ${join(out, 'report.html')}`);
    expect(output).toContain(`Summary: ${join(out, 'summary.md')}`);
    expect(output).toMatch(/^ {2}C1 \[baseline\] train: top-layer ARI goes from .* => supported$/m);
    expect(output).toMatch(/^ {2}C1 verdict \[baseline\]: supported \(4 of 4 comparisons significant after Holm\)$/m);
    expect(output).toMatch(/ARI >= 0\.6 reached by 5\/5 seeds/);
    expect(output).toMatch(/^ {2}C7: not assessed: /m);
  });

  it('passes the verdict thresholds to the report, which prints them with the verdicts', async () => {
    const out = join(scratch, 'strict');
    const { output } = await run(join(scratch, 'sweep'), { out, c4MinGap: '0.9', alpha: '0.01' });
    expect(output).toMatch(/^ {2}C4 \[baseline\] validation: .*within-task gap > 0\.9: p = .* => not supported$/m);
    expect(output).toContain('tests at α = 0.01');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('| c4MinGap | `--c4-min-gap` | 0.9 | 0.2 | C4 |');
  });

  it('rejects a seed that is not a non-negative integer, and thresholds that are not numbers or out of range', async () => {
    await expect(reportCommand(join(scratch, 'sweep'), { seed: '1.5' })).rejects.toThrow(/--seed: expected a non-negative integer, got '1.5'/);
    await expect(reportCommand(join(scratch, 'sweep'), { threshold: 'high' })).rejects.toThrow(/--threshold: expected a number, got 'high'/);
    await expect(reportCommand(join(scratch, 'sweep'), { c1MinRise: 'big' })).rejects.toThrow(/--c1-min-rise: expected a number, got 'big'/);
    await expect(reportCommand(join(scratch, 'sweep'), { alpha: '2' })).rejects.toThrow(/thresholds\.alpha \(--alpha\): expected a number strictly between 0 and 1, got 2/);
  });

  it('--help lists every verdict threshold with its default (the built command)', () => {
    const { status, stdout } = runCli(['report', '--help']);
    expect(status).toBe(0);
    const help = stdout.replace(/\s+/g, ' ');
    for (const { name, flag, value } of VERDICT_THRESHOLDS) {
      expect(help).toMatch(new RegExp(`${flag} <${value}> .*?\\(default: "${VERDICT_DEFAULTS[name]}"\\)`));
    }
  });
});
