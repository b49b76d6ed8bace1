// Each package installs and imports on its own, outside the workspace, from the tarball npm would publish.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['native', 'packages/model', 'packages/tasks', 'packages/probe', 'packages/experiment', 'packages/sweep', 'packages/aggregate', 'packages/cli'];

let project: string;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
}

beforeAll(() => {
  const tarballs = mkdtempSync(join(tmpdir(), 'clusterlens-pack-'));
  for (const dir of PACKAGES) run('npm', ['pack', '--silent', '--pack-destination', tarballs], join(root, dir));
  project = mkdtempSync(join(tmpdir(), 'clusterlens-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  // The native package compiles its addon from source in its install script.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...files], project);
}, 600_000);

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
      '@clusterlens/probe': ['kmeans', 'adjustedRandIndex', 'adjustedMutualInfo', 'normalizedMutualInfo', 'pairF1', 'silhouette', 'probeLayers'],
      '@clusterlens/experiment': ['runTrial', 'parseTrialConfig', 'sweepTrial'],
      '@clusterlens/sweep': ['plan', 'runSweep', 'LocalExecutor', 'RedisExecutor', 'runQueueWorker', 'SweepStore'],
      '@clusterlens/aggregate': ['readSweep', 'bootstrapInterval', 'interquartileMeanInterval', 'writeReport'],
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
