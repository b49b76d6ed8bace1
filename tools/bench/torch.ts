// Runs the PyTorch reference (tools/reference/gpt_torch.py) and reads back its timing.
import { execFile, type ExecFileException } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Debian's python3-torch lives under the system interpreter, not whatever python3 is first on PATH.
const SYSTEM_PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../reference/gpt_torch.py', import.meta.url));
const INSTALL_HINT = 'install python3-torch with apt-get to compare';

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
  /** Interpreter to use; only tests should need to change it. */
  python?: string;
  timeoutMs?: number;
}

interface TorchBenchResult {
  msPerStep: number;
  tokensPerS: number;
  torchVersion: string;
}

export type TorchBenchOutcome = TorchBenchResult | { skipped: string };

interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started or was killed (e.g. ENOENT, timeout). */
  error?: ExecFileException;
}

// Resolves instead of rejecting: a missing interpreter is an expected outcome here, not a crash.
function runProcess(file: string, args: string[], timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ exitCode, stdout, stderr, ...(error ? { error } : {}) });
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/** Why the reference cannot run here, or undefined when python and torch are both there. */
async function whyTorchUnavailable(python: string): Promise<string | undefined> {
  const probe = await runProcess(python, ['-c', 'import torch'], 60_000);
  if (probe.error?.code === 'ENOENT') return `${python} not found; ${INSTALL_HINT}`;
  if (probe.exitCode !== 0) {
    const detail = lastLine(probe.stderr) || probe.error?.message || `exit code ${probe.exitCode}`;
    return `${python} cannot import torch (${detail}); ${INSTALL_HINT}`;
  }
  return undefined;
}

function parseResult(stdout: string): TorchBenchResult {
  // The script prints exactly one JSON line; take the last one in case torch logged anything first.
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .at(-1);
  if (line === undefined) throw new Error(`PyTorch reference printed no JSON result:\n${stdout}`);
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`unexpected result: ${line}`);
  const { engine, ms_per_step, tokens_per_s, torch } = parsed as Record<string, unknown>;
  if (engine !== 'pytorch' || typeof ms_per_step !== 'number' || typeof tokens_per_s !== 'number') {
    throw new Error(`unexpected result: ${line}`);
  }
  return { msPerStep: ms_per_step, tokensPerS: tokens_per_s, torchVersion: String(torch) };
}

/**
 * Times training steps of the PyTorch reference GPT-2 on the given shapes.
 * Returns { skipped } when the system python or torch is missing; throws when the reference
 * itself fails (e.g. a non-finite loss), since that is a bug rather than a missing tool.
 */
export async function runTorchBench(opts: TorchBenchOptions): Promise<TorchBenchOutcome> {
  const python = opts.python ?? SYSTEM_PYTHON;
  const unavailable = await whyTorchUnavailable(python);
  if (unavailable !== undefined) return { skipped: unavailable };

  const args = [
    SCRIPT,
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
  ].flat().map(String);
  const run = await runProcess(python, args, opts.timeoutMs ?? 600_000);
  if (run.exitCode !== 0) {
    const why = run.error?.killed ? 'timed out' : `exited with ${run.exitCode ?? run.error?.code}`;
    throw new Error(`PyTorch reference ${why}:\n${run.stderr.trim()}`);
  }
  return parseResult(run.stdout);
}
