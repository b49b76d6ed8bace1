// Honest trial ids: the code version of the clusterlens trial hashes the engine's sources (and the trial's built
// JavaScript), so an edited kernel gives every trial a new id, and a re-run computes it instead of reusing the old
// result. A copy of the engine's sources is edited; the tree is never touched.
import { appendFile, cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

import { trialCodeVersion } from '@clusterlens/experiment';
import { getTrialFunction, plan, type SweepSpecInput } from '@clusterlens/sweep';

import { registerClusterlensTrial } from '../packages/cli/src/commands/sweep-trials.js';

const NATIVE = fileURLToPath(new URL('../native', import.meta.url));
const ENGINE_SOURCES = ['src', 'include', 'binding', 'CMakeLists.txt', 'dist'];

/** A tiny sweep: 2 interventions x 2 seeds. */
const SPEC: SweepSpecInput = {
  name: 'ids',
  base: { model: { nLayer: 1, nHead: 2, nEmbd: 16 }, training: { steps: 10, batchSize: 4 }, evaluation: { instancesPerSplit: 8 } },
  interventions: { output: { training: { loss: 'output' } }, all: { training: { loss: 'all' } } },
  seeds: [0, 1],
};

async function copyEngineSources(): Promise<string> {
  const copy = join(await mkdtemp(join(tmpdir(), 'clusterlens-native-copy-')), 'native');
  for (const entry of ENGINE_SOURCES) await cp(join(NATIVE, entry), join(copy, entry), { recursive: true });
  return copy;
}

let unchanged: string;
let edited: string;

beforeAll(async () => {
  registerClusterlensTrial();
  unchanged = await copyEngineSources();
  edited = await copyEngineSources();
  await appendFile(join(edited, 'src', 'cpu', 'matmul.cpp'), '\n// an edit that changes no behaviour still changes the code\n');
});

describe('trialCodeVersion', () => {
  it('is 16 hex digits, the one the clusterlens registration uses, and the same for a copy of unchanged sources', () => {
    const version = trialCodeVersion();
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(getTrialFunction('clusterlens').codeVersion).toBe(version);
    expect(trialCodeVersion({ roots: { native: unchanged } })).toBe(version);
  });

  it('changes when one source file of the engine changes', () => {
    expect(trialCodeVersion({ roots: { native: edited } })).not.toBe(trialCodeVersion());
  });

  it('changes the trial ids of a plan, and only through the code version', () => {
    const { validate } = getTrialFunction('clusterlens');
    const ids = (codeVersion: string) => plan(SPEC, { codeVersion, validate }).map((t) => t.id);
    const original = ids(trialCodeVersion());
    expect(original).toHaveLength(4);
    expect(ids(trialCodeVersion({ roots: { native: unchanged } }))).toEqual(original);
    const changed = ids(trialCodeVersion({ roots: { native: edited } }));
    expect(changed).toHaveLength(4);
    for (const id of changed) expect(original).not.toContain(id);
  });

  it('hashes everything from scratch within 200 ms (best of three, a busy machine may stall one)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = await copyEngineSources(); // a new root: nothing memoised
      const start = performance.now();
      trialCodeVersion({ roots: { native: fresh } });
      times.push(performance.now() - start);
    }
    expect(Math.min(...times)).toBeLessThan(200);
  });
});
