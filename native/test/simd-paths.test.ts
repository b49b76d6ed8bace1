// The instruction-set paths as JavaScript sees them: one child process per path this CPU can run (CLUSTERLENS_SIMD
// is read when the addon loads), each training the same model; every path must give the same bits. The C++ side
// checks the same in ctest/test_simd_paths.cpp.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { capabilities } from '@clusterlens/native';

const CHILD = fileURLToPath(new URL('./fixtures/train-on-path.mjs', import.meta.url));

function trainOn(simd: string | undefined) {
  const env = { ...process.env };
  if (simd === undefined) delete env.CLUSTERLENS_SIMD;
  else env.CLUSTERLENS_SIMD = simd;
  const child = spawnSync(process.execPath, [CHILD], { env, encoding: 'utf8', timeout: 120_000 });
  return { status: child.status, stderr: child.stderr, result: child.status === 0 ? (JSON.parse(child.stdout) as { simd: string; losses: number[]; digest: string }) : undefined };
}

describe('instruction-set paths', () => {
  it('reports the paths this CPU can run, widest first, ending with baseline', () => {
    expect(capabilities.simdPaths.at(-1)).toBe('baseline');
    expect(capabilities.simdPaths).toContain(capabilities.simd);
    expect(capabilities.simd).toBe(capabilities.simdPaths[0]);
  });

  it('every path trains to the same parameters, moments and losses, bit for bit', () => {
    const runs = capabilities.simdPaths.map((path) => trainOn(path));
    for (const [i, run] of runs.entries()) {
      expect(run.status, run.stderr).toBe(0);
      expect(run.result!.simd).toBe(capabilities.simdPaths[i]);
    }
    const [first, ...others] = runs.map((r) => r.result!);
    for (const other of others) {
      expect(other.losses).toEqual(first.losses);
      expect(other.digest).toBe(first.digest);
    }
  });

  it('an unknown path in CLUSTERLENS_SIMD stops the addon from loading, with the paths it has', () => {
    const run = trainOn('sse9');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/CLUSTERLENS_SIMD=sse9: unknown path; this build has avx512, avx2, baseline|CLUSTERLENS_SIMD=sse9: unknown path; this build has baseline/);
  });
});
