// The engine's own sgemm peak: native/ctest/bench_sgemm's `square` mode, the best of 20 products of two n x n
// matrices, as tools/reference/gpt_torch.py reads PyTorch's. PyTorch's BLAS is not always the faster of the two (on
// an AMD CPU with AVX-512 it measured half of the engine's), and a share of the peak above 100% says nothing: the bench
// takes the faster of the two as the machine's peak.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { lastLine, runProcess } from './torch-venv.js';

const PROGRAM = fileURLToPath(new URL('../../native/build/ctest/bench_sgemm', import.meta.url));

/** GFLOP/s of the engine's sgemm on n x n matrices, or why it could not be read. */
export async function engineSgemmGflops(n: number, threads: number): Promise<number | { skipped: string }> {
  if (!existsSync(PROGRAM)) return { skipped: `${PROGRAM} is missing; build the engine with npm run build` };
  const run = await runProcess(PROGRAM, ['square', String(n), String(threads)], 120_000);
  const gflops: unknown = run.exitCode === 0 ? JSON.parse(lastLine(run.stdout)).gflops : undefined;
  if (typeof gflops !== 'number') return { skipped: `bench_sgemm square failed: ${lastLine(run.stderr) || lastLine(run.stdout)}` };
  return gflops;
}
