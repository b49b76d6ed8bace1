// Each package installs and imports on its own, outside the workspace, from the tarball npm would publish.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = [
  'native',
  'packages/schema',
  'packages/stats',
  'packages/model',
  'packages/tasks',
  'packages/probe',
  'packages/experiment',
  'packages/sweep',
  'packages/report',
  'packages/cli',
];

let tarballs: string;
let project: string;

function run(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
}

function emptyProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  return dir;
}

/** The tarball of each package, by package folder name (native, schema, stats, ...). */
function tarball(name: string): string {
  const file = readdirSync(tarballs).find((f) => f === `clusterlens-${name}-0.1.0.tgz`);
  if (!file) throw new Error(`no tarball for ${name} in ${tarballs}`);
  return join(tarballs, file);
}

beforeAll(() => {
  tarballs = mkdtempSync(join(tmpdir(), 'clusterlens-pack-'));
  for (const dir of PACKAGES) run('npm', ['pack', '--silent', '--pack-destination', tarballs], join(root, dir));
  project = emptyProject('clusterlens-consumer-');
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  // The native package compiles its addon from source in its install script.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...files], project);
}, 600_000);

describe('the statistics and the clustering metrics without a C++ toolchain', () => {
  it('@clusterlens/stats installs with only node and npm on the PATH and computes an ARI and an interval', () => {
    // A PATH holding node and npm alone: no compiler, cmake, make or python, so any native build would fail.
    const bin = mkdtempSync(join(tmpdir(), 'clusterlens-bare-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    symlinkSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim(), join(bin, 'npm'));
    const env = { HOME: process.env.HOME, PATH: bin, npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? tmpdir(), '.npm') };
    const alone = emptyProject('clusterlens-stats-alone-');
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball('schema'), tarball('stats')], alone, env);
    const installed = readdirSync(join(alone, 'node_modules'), { recursive: true, encoding: 'utf8' });
    expect(installed.filter((f) => f.endsWith('.node'))).toEqual([]);
    expect(readdirSync(join(alone, 'node_modules'))).not.toContain('@duckdb');
    writeFileSync(
      join(alone, 'stats.mjs'),
      [
        "import { adjustedRandIndex, bootstrapInterval } from '@clusterlens/stats';",
        'const ari = adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]);',
        'const interval = bootstrapInterval([0.8, 0.9, 0.85, 0.95, 0.7], { seed: 0 });',
        'console.log(JSON.stringify({ ari, low: interval.low, high: interval.high }));',
      ].join('\n'),
    );
    const out = JSON.parse(run('node', ['stats.mjs'], alone, env));
    expect(out.ari).toBe(1);
    expect(out.low).toBeLessThan(out.high);
  });
});

describe('packages installed alone', () => {
  it('@clusterlens/native builds its addon on install and reports its capabilities', () => {
    writeFileSync(join(project, 'native.mjs'), "import { capabilities } from '@clusterlens/native';\nconsole.log(JSON.stringify(capabilities));\n");
    const caps = JSON.parse(run('node', ['native.mjs'], project));
    expect(caps.cpu).toBe(true);
  });

  it('@clusterlens/model imports from its build with type declarations and trains', () => {
    writeFileSync(
      join(project, 'model.mjs'),
      [
        "import { Gpt } from '@clusterlens/model';",
        'const gpt = await Gpt.create({ nLayer: 1, nHead: 2, nEmbd: 16, nPositions: 8, vocabSize: 10 }, { seed: 1 });',
        'const tokens = Int32Array.from({ length: 16 }, (_, i) => i % 10);',
        'const loss = await gpt.step(tokens, tokens, { batch: 2 });',
        'console.log(JSON.stringify({ loss, params: gpt.numParams }));',
      ].join('\n'),
    );
    const out = JSON.parse(run('node', ['model.mjs'], project));
    expect(out.loss).toBeGreaterThan(0);
    expect(out.params).toBeGreaterThan(0);
    const declarations = readdirSync(join(project, 'node_modules/@clusterlens/model/dist'));
    expect(declarations).toContain('index.d.ts');
  });

  it('every other package imports alone and exposes its public names', () => {
    const checks: Record<string, string[]> = {
      '@clusterlens/tasks': ['buildSuite', 'evalSet', 'trainSampler', 'loadSuite'],
      '@clusterlens/schema': ['UserError', 'Random', 'isRetryable', 'metricsTableDdl'],
      '@clusterlens/stats': ['adjustedRandIndex', 'adjustedMutualInfo', 'normalizedMutualInfo', 'pairF1', 'bootstrapInterval', 'interquartileMeanInterval'],
      '@clusterlens/probe': ['kmeans', 'silhouette', 'probeLayers'],
      '@clusterlens/experiment': ['runTrial', 'parseTrialConfig', 'sweepTrial'],
      '@clusterlens/sweep': ['plan', 'runSweep', 'LocalExecutor', 'RedisExecutor', 'runQueueWorker', 'SweepStore'],
      '@clusterlens/report': ['readSweep', 'writeReport'],
    };
    const script = Object.entries(checks)
      .map(([pkg, names]) => `{ const m = await import('${pkg}'); for (const n of ${JSON.stringify(names)}) if (typeof m[n] !== 'function') throw new Error('${pkg} lacks ' + n); }`)
      .join('\n');
    writeFileSync(join(project, 'imports.mjs'), `${script}\nconsole.log('ok');\n`);
    expect(run('node', ['imports.mjs'], project).trim()).toBe('ok');
  });

  it('the clusterlens command is installed with @clusterlens/cli', () => {
    expect(run(join(project, 'node_modules/.bin/clusterlens'), ['--help'], project)).toMatch(/Commands:[\s\S]*sweep/);
  });
});
