// The addon built without CUDA (-DCLUSTERLENS_CUDA=OFF: what a machine without nvcc builds), on every machine, so that
// a CUDA-only line in the binding cannot break that build unseen where CI has nvcc: it compiles, loads, reports no
// CUDA, and refuses each GPU option with the reason.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

const NATIVE = fileURLToPath(new URL('..', import.meta.url));
let addon: string;

function run(args: string[]): void {
  const result = spawnSync('npx', ['cmake-js', ...args], { cwd: NATIVE, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`cmake-js ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

/** What the addon at `addon` does with `script` (CommonJS, `a` the addon), as JSON printed by a child process. */
function inChild(script: string): unknown {
  const code = `const a = require(${JSON.stringify(addon)}); (async () => { ${script} })().then((r) => console.log(JSON.stringify(r)));`;
  const result = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'clusterlens-no-cuda-'));
  run(['configure', '--directory', '.', '--out', out, '--CDCLUSTERLENS_CUDA=OFF', '--CDCLUSTERLENS_TESTS=OFF']);
  run(['build', '--directory', '.', '--out', out, '--target', 'clusterlens_addon']);
  addon = join(out, 'Release', 'clusterlens.node');
}, 600_000);

describe('the addon built without CUDA', () => {
  it('loads and reports no CUDA', () => {
    expect(inChild('return a.capabilities;')).toMatchObject({ cpu: true, cudaBuilt: false, cudaDevices: 0 });
  });

  it("refuses a model's GPU step, its ensemble and GPU k-means, saying the build has no CUDA kernels", () => {
    const refusals = inChild(`
      const reason = async (f) => { try { await f(); return 'no error'; } catch (e) { return e.message; } };
      const gpt = () => new a.NativeGpt({ nLayer: 1, nHead: 1, nEmbd: 8, nPositions: 4, vocabSize: 10 }, { seed: 0 });
      const tokens = new Int32Array(8);
      return [
        await reason(() => gpt().deviceStep(tokens, tokens, 2)),
        await reason(() => new a.NativeEnsemble([gpt(), gpt()])),
        await reason(() => a.kmeans(new Float32Array(8), { n: 4, dim: 2, k: 2, seed: 0, device: 'cuda' })),
      ];`);
    expect(refusals).toEqual([
      'deviceStep: this build of the engine has no CUDA kernels (nvcc was not found when it was built)',
      'NativeEnsemble: this build of the engine has no CUDA kernels (nvcc was not found when it was built)',
      "options.device 'cuda': this build of the engine has no CUDA kernels (nvcc was not found when it was built)",
    ]);
  });

  it("still trains on its emulated device copy, the host's bits", () => {
    const same = inChild(`
      const make = () => new a.NativeGpt({ nLayer: 1, nHead: 1, nEmbd: 8, nPositions: 4, vocabSize: 10 }, { seed: 3 });
      const tokens = Int32Array.from({ length: 8 }, (_, i) => i % 10), targets = Int32Array.from(tokens, (t, i) => (i % 4 === 3 ? -1 : (t + 1) % 10));
      const [host, device] = [make(), make()];
      const want = await host.step(tokens, targets, 2), got = await device.deviceStep(tokens, targets, 2, { device: 'emulated' });
      return want.loss === got.loss && host.getParams().every((x, i) => Object.is(x, device.getParams()[i]));`);
    expect(same).toBe(true);
  });
});
