// Runs the PyTorch reference (tools/reference/gpt_torch.py) and reads back its timing and, when asked, the machine's
// sgemm peak read in the same process right after the steps.
import { fileURLToPath } from 'node:url';

import { lastLine, runProcess, torchPython } from './torch-venv.js';

const SCRIPT = fileURLToPath(new URL('../reference/gpt_torch.py', import.meta.url));

export interface TorchBenchOptions {
  threads: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  /** Context length; the reference trains on full-length sequences. */
  nPositions: number;
  vocabSize: number;
  batch: number;
  warmup?: number;
  steps?: number;
  seed?: number;
  /** Also read the sgemm peak (products of two n x n matrices) right after the steps, in the same process. */
  peakSize?: number;
  timeoutMs?: number;
}

interface TorchBenchResult {
  msPerStep: number;
  tokensPerS: number;
  torchVersion: string;
  /** The sgemm peak read right after the steps (GFLOP/s), when peakSize was given. */
  sgemmGflops?: number;
}

export type TorchBenchOutcome = TorchBenchResult | { skipped: string };

/** The interpreter with torch, found or installed once per bench run. */
let python: Promise<{ python: string } | { skipped: string }> | undefined;
const interpreter = () => (python ??= torchPython());

async function runScript(args: string[], timeoutMs: number): Promise<string | { skipped: string }> {
  const found = await interpreter();
  if ('skipped' in found) return found;
  const run = await runProcess(found.python, [SCRIPT, ...args], timeoutMs);
  if (run.exitCode !== 0) {
    const why = run.error?.killed ? 'timed out' : `exited with ${run.exitCode ?? run.error?.code}`;
    throw new Error(`PyTorch reference ${why}:\n${run.stderr.trim() || lastLine(run.stdout)}`);
  }
  return run.stdout;
}

/** The script prints exactly one JSON line; take the last one in case torch logged anything first. */
function jsonLine(stdout: string): Record<string, unknown> {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .at(-1);
  if (line === undefined) throw new Error(`PyTorch reference printed no JSON result:\n${stdout}`);
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`unexpected result: ${line}`);
  return parsed as Record<string, unknown>;
}

function parseResult(stdout: string): TorchBenchResult {
  const { engine, ms_per_step, tokens_per_s, torch, sgemm_gflops } = jsonLine(stdout);
  if (engine !== 'pytorch' || typeof ms_per_step !== 'number' || typeof tokens_per_s !== 'number') {
    throw new Error(`unexpected result: ${lastLine(stdout)}`);
  }
  return {
    msPerStep: ms_per_step,
    tokensPerS: tokens_per_s,
    torchVersion: String(torch),
    ...(typeof sgemm_gflops === 'number' ? { sgemmGflops: sgemm_gflops } : {}),
  };
}

/**
 * Times training steps of the PyTorch reference GPT-2 on the given shapes.
 * Returns { skipped } when no interpreter with torch can be found or installed; throws when the reference itself
 * fails (e.g. a non-finite loss), since that is a bug rather than a missing tool.
 */
export async function runTorchBench(opts: TorchBenchOptions): Promise<TorchBenchOutcome> {
  const args = [
    'bench',
    ['--threads', opts.threads],
    ['--layers', opts.nLayer],
    ['--embd', opts.nEmbd],
    ['--heads', opts.nHead],
    ['--ctx', opts.nPositions],
    ['--vocab', opts.vocabSize],
    ['--batch', opts.batch],
    ['--warmup', opts.warmup ?? 5],
    ['--steps', opts.steps ?? 30],
    ['--seed', opts.seed ?? 0],
    ['--peak-size', opts.peakSize ?? 0],
  ].flat().map(String);
  const stdout = await runScript(args, opts.timeoutMs ?? 600_000);
  return typeof stdout === 'string' ? parseResult(stdout) : stdout;
}
