// Malformed input of every kind must come back as a JS error, never as a crash or a silent success.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { NativeGpt, type GptConfig } from '@clusterlens/native';

const CONFIG: GptConfig = { nLayer: 2, nHead: 2, nEmbd: 16, nPositions: 8, vocabSize: 11 };
const model = () => new NativeGpt(CONFIG, { seed: 1, threads: 2 });

const badNumber = fc.constantFrom<unknown>(0, -1, 1.5, NaN, Infinity, -Infinity, 1e12, '4', null, {}, [4], true);
const outOfVocab = fc.oneof(fc.integer({ min: -1_000_000, max: -1 }), fc.integer({ min: CONFIG.vocabSize, max: 1_000_000 }));
const badTypedTokens = fc.constantFrom<unknown>(null, undefined, [1, 2, 3], new Float32Array(8), new Uint8Array(8), 'tokens', {});

/** Runs a call that must fail: a synchronous throw or a rejected promise, with an Error and a message. */
async function expectJsError(call: () => unknown): Promise<void> {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message.length).toBeGreaterThan(5);
}

describe('fuzzing the addon with malformed input', () => {
  it('bad configs are rejected with errors that name the field', async () => {
    const field = fc.constantFrom('nLayer', 'nHead', 'nEmbd', 'nPositions', 'vocabSize', 'layerNormEps');
    await fc.assert(
      fc.asyncProperty(field, badNumber, async (key, value) => {
        // Any positive finite epsilon is legal; for the integer fields every value drawn here is not.
        fc.pre(!(key === 'layerNormEps' && typeof value === 'number' && Number.isFinite(value) && value > 0));
        await expectJsError(() => new NativeGpt({ ...CONFIG, [key]: value } as GptConfig));
      }),
      { numRuns: 150, seed: 1 },
    );
    expect(() => new NativeGpt({ ...CONFIG, nHead: 3 })).toThrow(/config\.nHead: 3 does not divide nEmbd 16/);
    expect(() => new NativeGpt({ ...CONFIG, nEmbd: 1e6, nLayer: 1000 })).toThrow(/parameters exceed/);
    expect(() => new NativeGpt(CONFIG, { seed: -1 })).toThrow(/options\.seed/);
    expect(() => new NativeGpt(CONFIG, { threads: 0 })).toThrow(/threads/);
  });

  it('malformed token batches are rejected by forward, lossAndGrads and step', async () => {
    const gpt = model();
    const goodTargets = new Int32Array(8).fill(1);
    const scenario = fc.oneof(
      fc.record({ kind: fc.constant('type'), tokens: badTypedTokens, batch: fc.constant<unknown>(1) }),
      fc.record({ kind: fc.constant('batch'), tokens: fc.constant<unknown>(new Int32Array(8)), batch: badNumber }),
      fc.record({ kind: fc.constant('multiple'), tokens: fc.constant<unknown>(new Int32Array(7)), batch: fc.constant<unknown>(2) }),
      fc.record({ kind: fc.constant('too long'), tokens: fc.constant<unknown>(new Int32Array(9)), batch: fc.constant<unknown>(1) }),
      fc.record({ kind: fc.constant('empty'), tokens: fc.constant<unknown>(new Int32Array(0)), batch: fc.constant<unknown>(1) }),
      fc.record({
        kind: fc.constant('id'),
        tokens: fc.tuple(fc.nat({ max: 7 }), outOfVocab).map(([i, id]) => {
          const t = new Int32Array(8);
          t[i] = id;
          return t as unknown;
        }),
        batch: fc.constant<unknown>(1),
      }),
    );
    await fc.assert(
      fc.asyncProperty(scenario, fc.constantFrom('forward', 'lossAndGrads', 'step'), async (s, method) => {
        const tokens = s.tokens as Int32Array;
        const batch = s.batch as number;
        if (method === 'forward') await expectJsError(() => gpt.forward(tokens, batch));
        else await expectJsError(() => gpt[method](tokens, goodTargets, batch));
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('malformed targets and weights are rejected', async () => {
    const gpt = model();
    const tokens = new Int32Array(8).fill(2);
    const scenario = fc.oneof(
      fc.record({ targets: badTypedTokens, weights: fc.constant<unknown>(undefined) }),
      fc.record({ targets: fc.constant<unknown>(new Int32Array(5)), weights: fc.constant<unknown>(undefined) }),
      fc.record({
        targets: fc.tuple(fc.nat({ max: 7 }), fc.oneof(fc.integer({ min: -1000, max: -2 }), fc.integer({ min: 11, max: 1000 }))).map(([i, id]) => {
          const t = new Int32Array(8);
          t[i] = id;
          return t as unknown;
        }),
        weights: fc.constant<unknown>(undefined),
      }),
      fc.record({ targets: fc.constant<unknown>(new Int32Array(8).fill(-1)), weights: fc.constant<unknown>(undefined) }),
      fc.record({
        targets: fc.constant<unknown>(new Int32Array(8)),
        weights: fc.oneof(
          fc.constantFrom<unknown>(new Float32Array(3), new Float32Array(8), new Int32Array(8), [1, 1]),
          fc.tuple(fc.nat({ max: 7 }), fc.constantFrom(NaN, Infinity, -1)).map(([i, w]) => {
            const x = new Float32Array(8).fill(1);
            x[i] = w;
            return x as unknown;
          }),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(scenario, fc.constantFrom('lossAndGrads', 'step'), async (s, method) => {
        const options = s.weights === undefined ? undefined : { weights: s.weights as Float32Array };
        await expectJsError(() => gpt[method](tokens, s.targets as Int32Array, 1, options));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('non-finite or misshapen parameters and optimiser state are rejected and leave the model intact', async () => {
    const gpt = model();
    const n = gpt.numParams();
    const before = gpt.getParams();
    const badParams = fc.oneof(
      fc.constantFrom<unknown>(new Float32Array(n - 1), new Float32Array(n + 1), new Float64Array(n), null, 'params'),
      fc.tuple(fc.nat({ max: n - 1 }), fc.constantFrom(NaN, Infinity, -Infinity)).map(([i, v]) => {
        const p = new Float32Array(n);
        p[i] = v;
        return p as unknown;
      }),
    );
    await fc.assert(
      fc.asyncProperty(badParams, async (p) => {
        await expectJsError(() => gpt.setParams(p as Float32Array));
        await expectJsError(() => gpt.setOptimizerState({ m: p as Float32Array, v: new Float32Array(n), step: 1 }));
      }),
      { numRuns: 100, seed: 4 },
    );
    await expectJsError(() => gpt.setOptimizerState({ m: new Float32Array(n), v: new Float32Array(n).fill(-1), step: 1 }));
    await expectJsError(() => gpt.setOptimizerState({ m: new Float32Array(n), v: new Float32Array(n), step: -3 }));
    expect(gpt.getParams()).toEqual(before);
  });

  it('bad optimiser settings, thread counts and cache requests are rejected', async () => {
    const gpt = model();
    const key = fc.constantFrom('lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'warmupSteps', 'totalSteps', 'minLrRatio', 'gradClip');
    const value = fc.constantFrom<unknown>(-1, NaN, Infinity, 'x', null, 1.5, 2);
    await fc.assert(
      fc.asyncProperty(key, value, async (k, v) => {
        // Some values are legal for some fields (lr 2, gradClip 1.5, ...): only the illegal ones must throw.
        const legal =
          (typeof v === 'number' && Number.isFinite(v) && v >= 0 && !['beta1', 'beta2'].includes(k) && !(['warmupSteps', 'totalSteps'].includes(k) && !Number.isInteger(v))) ||
          (['beta1', 'beta2'].includes(k) && v === 0);
        if (legal) gpt.setOptimizer({ [k]: v });
        else await expectJsError(() => gpt.setOptimizer({ [k]: v }));
      }),
      { numRuns: 100, seed: 5 },
    );
    for (const threads of [0, -2, 1.5, NaN, 5000]) await expectJsError(() => gpt.setThreads(threads));
    for (const hidden of [[3], [-1], ['x'], 'all', [0.5]]) {
      await expectJsError(() => gpt.forward(new Int32Array(8), 1, { hidden: hidden as number[] }));
    }
  });

  it('a per-block activation request beyond the last block is rejected naming the option', async () => {
    const gpt = model();
    for (const key of ['residMid', 'attnOut', 'mlpOut', 'pattern'] as const) {
      // Argument errors are thrown synchronously, before a promise exists.
      await expect(async () => gpt.forward(new Int32Array(8), 1, { [key]: [CONFIG.nLayer] })).rejects.toThrow(`options.${key}[0]`);
    }
  });

  it('a second call while one is running is refused, and the model still works afterwards', async () => {
    const gpt = model();
    const tokens = new Int32Array(8).fill(3);
    const first = gpt.forward(tokens, 1);
    await expectJsError(() => gpt.forward(tokens, 1));
    await expectJsError(() => gpt.getParams());
    await first;
    const { loss } = await gpt.forward(tokens, 1, { targets: new Int32Array(8).fill(4) });
    expect(Number.isFinite(loss)).toBe(true);
  });

  it('a loss that overflows is reported as an error and the update is not applied', async () => {
    const gpt = model();
    const params = gpt.getParams();
    params.fill(3e38);  // finite weights whose activations overflow to Infinity
    gpt.setParams(params);
    await expectJsError(() => gpt.step(new Int32Array(8).fill(1), new Int32Array(8).fill(2), 1));
    expect(gpt.getParams()).toEqual(params);
  });
});
