// Python virtual environments under a cache folder, each installed once: the PyTorch the bench compares against (a
// current CPU build from the Python package index; Debian's python3-torch 1.13 is older and slower than what users
// run), and the analysis packages the Python recipes of docs/python.md are tested with.
//   CLUSTERLENS_TORCH_PYTHON   an interpreter that already has torch (skips the bench's virtual environment)
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

/** A virtual environment under the cache folder with these packages, checked by importing its modules. */
export interface VenvSpec {
  /** Folder name under the cache folder. */
  name: string;
  /** What `pip install` gets (pip's own configuration decides where from). */
  packages: readonly string[];
  /** Modules that must import; the check prints the first one's version. */
  modules: readonly string[];
  /** An environment variable naming an interpreter that already has the modules (skips the virtual environment). */
  pythonVariable: string;
}

async function moduleVersion(python: string, modules: readonly string[]): Promise<string | { missing: string }> {
  const code = `import ${modules.join(', ')}; print(${modules[0]}.__version__)`;
  const probe = await runProcess(python, ['-c', code], 120_000);
  if (probe.exitCode === 0) return lastLine(probe.stdout);
  return { missing: lastLine(probe.stderr) || probe.error?.message || `exit code ${probe.exitCode}` };
}

/** An interpreter with the spec's modules, or why there is none (with what to do); installs them once. */
export async function venvPython(spec: VenvSpec): Promise<{ python: string } | { missing: string }> {
  const given = process.env[spec.pythonVariable];
  if (given) {
    const version = await moduleVersion(given, spec.modules);
    return typeof version === 'string' ? { python: given } : { missing: `${spec.pythonVariable}=${given} cannot import ${spec.modules.join(', ')} (${version.missing})` };
  }
  const venv = join(cacheFolder(), spec.name);
  const python = join(venv, 'bin', 'python');
  if (existsSync(python) && typeof (await moduleVersion(python, spec.modules)) === 'string') return { python };

  console.log(`  installing ${spec.packages.join(' ')} into ${venv}, once`);
  const create = await runProcess('python3', ['-m', 'venv', venv], 120_000);
  if (create.exitCode !== 0) {
    return { missing: `python3 -m venv ${venv} failed (${lastLine(create.stderr) || create.error?.message}); install python3-venv, or set ${spec.pythonVariable}` };
  }
  // pip's own configuration decides where packages come from (PIP_INDEX_URL=https://download.pytorch.org/whl/cpu for
  // the small CPU-only torch wheel; machines of the project's kind have pip pointed at local package folders).
  // One retry unless pip is told otherwise: where a configured index cannot be reached (machines with only local
  // package folders), pip's five retries with backoff cost minutes over a few dozen packages.
  const retries = process.env.PIP_RETRIES ? [] : ['--retries', '1'];
  const install = await runProcess(python, ['-m', 'pip', 'install', '--quiet', ...retries, ...spec.packages], 1_800_000);
  if (install.exitCode !== 0) {
    return { missing: `pip install ${spec.packages.join(' ')} into ${venv} failed (${lastLine(install.stderr) || install.error?.message}); set ${spec.pythonVariable} to an interpreter that has them` };
  }
  const version = await moduleVersion(python, spec.modules);
  return typeof version === 'string' ? { python } : { missing: `${spec.modules.join(', ')} installed into ${venv} do not import (${version.missing})` };
}

/** An interpreter with torch 2.x, or why there is none (with what to do). */
export async function torchPython(): Promise<{ python: string } | { skipped: string }> {
  const found = await venvPython({ name: 'torch-venv', packages: ['torch'], modules: ['torch'], pythonVariable: 'CLUSTERLENS_TORCH_PYTHON' });
  return 'python' in found ? found : { skipped: found.missing };
}
