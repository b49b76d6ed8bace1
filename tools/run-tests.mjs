#!/usr/bin/env node
// Runs every test suite (the type check, the C++ kernel tests with ctest, then vitest) and ends with one line,
// `N passed, N failed, N skipped`, counted from the runners' own results.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

// Services and tools the tests start themselves. A test never skips because one is missing: as root on a
// Debian machine they are installed here; elsewhere the run stops and says what to install.
const SYSTEM_PACKAGES = [
  { command: 'redis-server', pkg: 'redis-server', why: 'the Redis/BullMQ sweep tests' },
  { command: 'slurmctld', pkg: 'slurm-wlm', why: 'the Slurm tests' },
  { command: 'munged', pkg: 'munge', why: 'the Slurm tests' },
  { command: 'chromium', pkg: 'chromium', why: 'the report browser test' },
  { command: 'openssl', pkg: 'openssl', why: 'the TLS Redis test' },
  // The test creates its own virtual environment; Debian ships venv and ensurepip apart from python3.
  { check: 'python3 -c "import venv, ensurepip"', pkg: 'python3-venv', why: 'the Python recipes test' },
];

function ensureSystemPackages() {
  const has = (command) => spawnSync('sh', ['-c', `command -v ${command} || test -x /usr/sbin/${command}`]).status === 0;
  const present = (p) => (p.check ? spawnSync('sh', ['-c', p.check], { stdio: 'ignore' }).status === 0 : has(p.command));
  const missing = SYSTEM_PACKAGES.filter((p) => !present(p));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((p) => p.pkg))];
  const canInstall = process.getuid?.() === 0 && has('apt-get');
  if (!canInstall) {
    console.error(`missing for ${missing.map((p) => p.why).join(', ')}: install ${pkgs.join(' ')} (apt-get install -y ${pkgs.join(' ')})`);
    process.exit(1);
  }
  console.log(`installing ${pkgs.join(' ')} for ${[...new Set(missing.map((p) => p.why))].join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
  if (update.status !== 0 || install.status !== 0) {
    console.error(`apt-get could not install ${pkgs.join(' ')}`);
    process.exit(1);
  }
}
const extraArgs = process.argv.slice(2);

function runCtest() {
  const result = spawnSync('ctest', ['--test-dir', 'native/build', '--output-on-failure'], { cwd: root, encoding: 'utf8' });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  if (result.error) return { passed: 0, failed: 1, skipped: 0, note: `ctest could not start: ${result.error.message}` };
  // ctest's summary: "100% tests passed, 0 tests failed out of 7"
  const match = /tests passed, (\d+) tests? failed out of (\d+)/.exec(result.stdout ?? '');
  if (!match) return { passed: 0, failed: 1, skipped: 0, note: 'ctest printed no summary; is native/build configured with CLUSTERLENS_TESTS=ON?' };
  const failed = Number(match[1]);
  // A skipped test (exit code 77: a CUDA test without a CUDA device) is listed as "<n> - <name> (Skipped)".
  const skipped = (result.stdout.match(/^\s*\d+ - \S+ \(Skipped\)$/gm) ?? []).length;
  return { passed: Number(match[2]) - failed - skipped, failed, skipped };
}

// vitest strips types without checking them, so the whole tree (tests and tools included) is type-checked once.
function runTypecheck() {
  const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
  process.stdout.write(result.stdout ?? '');
  if (result.status === 0) {
    console.log('typecheck: ok');
    return { passed: 1, failed: 0, skipped: 0 };
  }
  return { passed: 0, failed: 1, skipped: 0, note: 'typecheck failed (npm run typecheck)' };
}

function runVitest() {
  const dir = mkdtempSync(join(tmpdir(), 'clusterlens-tests-'));
  const report = join(dir, 'vitest.json');
  const result = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs],
    { cwd: root, stdio: 'inherit' },
  );
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    // A file that fails to load, or whose beforeAll throws, fails without a failed test of its own (vitest marks
    // its tests skipped), so it counts as one failure.
    const brokenFiles = json.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
    return {
      passed: json.numPassedTests,
      failed: json.numFailedTests + brokenFiles,
      skipped: json.numPendingTests + json.numTodoTests,
    };
  } catch (error) {
    return { passed: 0, failed: 1, skipped: 0, note: `vitest wrote no report (exit ${result.status}): ${error.message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

ensureSystemPackages();
const suites = [runTypecheck(), runCtest(), runVitest()];
for (const s of suites) if (s.note) console.error(s.note);
const total = suites.reduce((t, s) => ({ passed: t.passed + s.passed, failed: t.failed + s.failed, skipped: t.skipped + s.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
});
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
