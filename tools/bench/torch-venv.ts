// The PyTorch the bench compares against: a current CPU build from the Python package index, installed once into a
// virtual environment under a cache folder (Debian's python3-torch 1.13 is older and slower than what users run).
//   CLUSTERLENS_TORCH_PYTHON   an interpreter that already has torch (skips the virtual environment)
//   CLUSTERLENS_CACHE          the cache folder (default $XDG_CACHE_HOME/clusterlens or ~/.cache/clusterlens)
import { execFile, type ExecFileException } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started or was killed (e.g. ENOENT, timeout). */
  error?: ExecFileException;
}

// Resolves instead of rejecting: a missing interpreter is an expected outcome here, not a crash.
export function runProcess(file: string, args: string[], timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ exitCode, stdout, stderr, ...(error ? { error } : {}) });
    });
  });
}

export function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

function cacheFolder(): string {
  if (process.env.CLUSTERLENS_CACHE) return process.env.CLUSTERLENS_CACHE;
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'clusterlens');
}

async function torchVersion(python: string): Promise<string | { missing: string }> {
  const probe = await runProcess(python, ['-c', 'import torch; print(torch.__version__)'], 120_000);
  if (probe.exitCode === 0) return lastLine(probe.stdout);
  return { missing: lastLine(probe.stderr) || probe.error?.message || `exit code ${probe.exitCode}` };
}

/** An interpreter with torch 2.x, or why there is none (with what to do). */
export async function torchPython(): Promise<{ python: string } | { skipped: string }> {
  const given = process.env.CLUSTERLENS_TORCH_PYTHON;
  if (given) {
    const version = await torchVersion(given);
    return typeof version === 'string' ? { python: given } : { skipped: `CLUSTERLENS_TORCH_PYTHON=${given} cannot import torch (${version.missing})` };
  }
  const venv = join(cacheFolder(), 'torch-venv');
  const python = join(venv, 'bin', 'python');
  if (existsSync(python) && typeof (await torchVersion(python)) === 'string') return { python };

  console.log(`  installing PyTorch (CPU) into ${venv}, once`);
  const create = await runProcess('python3', ['-m', 'venv', venv], 120_000);
  if (create.exitCode !== 0) {
    return { skipped: `python3 -m venv ${venv} failed (${lastLine(create.stderr) || create.error?.message}); install python3-venv, or set CLUSTERLENS_TORCH_PYTHON` };
  }
  // pip's own configuration decides where torch comes from (PIP_INDEX_URL=https://download.pytorch.org/whl/cpu for the
  // small CPU-only wheel; machines of the project's kind have pip pointed at local package folders).
  const install = await runProcess(python, ['-m', 'pip', 'install', '--quiet', 'torch'], 1_800_000);
  if (install.exitCode !== 0) {
    return { skipped: `pip install torch into ${venv} failed (${lastLine(install.stderr) || install.error?.message}); set CLUSTERLENS_TORCH_PYTHON to an interpreter with torch 2.x` };
  }
  const version = await torchVersion(python);
  return typeof version === 'string' ? { python } : { skipped: `torch installed into ${venv} does not import (${version.missing})` };
}
