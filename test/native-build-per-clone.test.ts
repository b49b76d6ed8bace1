// Two git clones of the repository on one machine: Nx shares one cache between the clones of a repository (under
// ~/.nx, keyed by the repository's identity), and each clone must still build and test its own engine. The native build's CMake tree holds absolute paths of the clone that configured it, so restoring it
// from the cache into another clone would test that clone's executables and break its next build
// ("CMakeCache.txt directory ... is different"); the native build is therefore never cached (native/package.json).
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');

let work: string;
let first: string;
let second: string;

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    // A home of its own, so the clones share a cache with each other and not with the user's checkouts.
    env: { ...process.env, HOME: join(work, 'home'), NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    timeout: 600_000,
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A git clone with the working tree's changes on top, sharing this checkout's installed packages. */
function cloneWorkingTree(to: string): string {
  run('git', ['clone', '-q', ROOT, to], work);
  const changed = run('git', ['ls-files', '-z', '--modified', '--others', '--exclude-standard'], ROOT).split('\0').filter(Boolean);
  for (const file of changed) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(ROOT, file), join(to, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(to, 'node_modules'));
  return to;
}

const buildNative = (clone: string) => run('npx', ['nx', 'run', '@clusterlens/native:build', '--outputStyle=static'], clone);

/** The source folder CMake recorded when it configured a clone's native build. */
function configuredSource(clone: string): string {
  const cache = readFileSync(join(clone, 'native', 'build', 'CMakeCache.txt'), 'utf8');
  const match = /^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$/m.exec(cache);
  if (!match) throw new Error('CMakeCache.txt has no CMAKE_HOME_DIRECTORY');
  return match[1];
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'clusterlens-clones-'));
  mkdirSync(join(work, 'home'));
  first = cloneWorkingTree(join(work, 'first'));
  second = cloneWorkingTree(join(work, 'second'));
  buildNative(first);
  buildNative(second);
}, 900_000);

describe('two clones on one machine', () => {
  it('each clone configures its own native build', () => {
    expect(configuredSource(first)).toBe(join(first, 'native'));
    expect(configuredSource(second)).toBe(join(second, 'native'));
  });

  it('an edited engine source in the second clone builds there and its kernel tests run from there', () => {
    appendFileSync(join(second, 'native', 'src', 'cpu', 'matmul.cpp'), '\n// an edit made by test/native-build-per-clone.test.ts\n');
    const build = buildNative(second);
    expect(build).toMatch(/matmul\.cpp/);
    const ctest = run('ctest', ['--test-dir', join(second, 'native', 'build'), '--output-on-failure'], second);
    expect(ctest).toMatch(/100% tests passed/);
    expect(ctest).toContain(join(second, 'native', 'build'));
  });
});
