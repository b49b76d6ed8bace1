// `clusterlens report <sweep dir>`: writes the report and prints where it is and one line per finding.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { reportCommand } from '../packages/cli/src/commands/report.js';
import { writeSyntheticSweep } from '../packages/report/test/support/synthetic-sweep.js';

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
    expect(output).toMatch(/ARI >= 0\.6 reached by 5\/5 seeds/);
    expect(output).toMatch(/^ {2}C7: not assessed: /m);
  });

  it('rejects a seed that is not a non-negative integer', async () => {
    await expect(reportCommand(join(scratch, 'sweep'), { seed: '1.5' })).rejects.toThrow(/--seed: expected a non-negative integer, got '1.5'/);
    await expect(reportCommand(join(scratch, 'sweep'), { threshold: 'high' })).rejects.toThrow(/--threshold: expected a number, got 'high'/);
  });
});
