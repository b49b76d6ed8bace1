// The protocol's controls (docs/PROTOCOL.md section 7) on real trials: one sweep of the positive control and the
// three negative controls, each over several seeds with suites drawn per seed, judged by the report's own verdict
// rules: each negative control fails the claim it controls, and the positive control passes the same rules' main
// comparisons. Verdicts are t-tests across seeds with Holm's correction, so no single seed's value decides; the
// measurements next to each test show the margins.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { assessClaims, type ClaimId, type ClaimResult } from '@clusterlens/report';

import { runCli } from './support/cli.js';
import { CONTROLS_SPEC } from './support/controls-spec.js';

let claims: ClaimResult[];

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'clusterlens-controls-'));
  await writeFile(join(work, 'controls.yaml'), CONTROLS_SPEC);
  const sweep = runCli(['sweep', 'run', 'controls.yaml', '--out', 'sweep', '--concurrency', '2', '--threads', '1', '--no-progress'], {
    cwd: work,
    timeoutMs: 600_000,
  });
  if (sweep.status !== 0) throw new Error(`the controls sweep failed:\n${sweep.stdout}\n${sweep.stderr}`);
  claims = await assessClaims(join(work, 'sweep'), { seed: 1, nResamples: 999 });
}, 600_000);

function claim(id: ClaimId): ClaimResult {
  const result = claims.find((c) => c.id === id);
  if (!result) throw new Error(`no ${id} in the report`);
  return result;
}

function verdict(id: ClaimId, condition: string): string {
  const found = claim(id).verdicts.find((v) => v.condition === condition);
  if (!found) throw new Error(`no ${id} verdict for ${condition}`);
  return found.verdict;
}

/** Whether one comparison of one finding (a condition and a scope, e.g. a split) holds after Holm. */
function holds(id: ClaimId, condition: string, scope: string, hypothesis: string): boolean {
  const finding = claim(id).findings.find((f) => f.condition === condition && f.scope.startsWith(scope));
  const comparison = finding?.comparisons.find((c) => c.hypothesis.startsWith(hypothesis));
  if (!comparison) throw new Error(`no '${hypothesis}' comparison in ${id}'s ${condition} ${scope} finding`);
  return comparison.significant;
}

// Measured (4 seeds): top-layer ARI rises by +0.75 [0.42, 1.09] on train and +0.66 [0.49, 0.83] on validation;
// curves correlate at 0.980 [0.956, 1.004]; on the unseen distribution, instances in their task's cluster are
// answered correctly 69% of the time against 23% outside it (within-task gap +0.36 [0.31, 0.41]). What this scale does not show
// with 4 seeds (docs/PROTOCOL.md, "Controls measured so far"): saturation, the depth trend of C2, validation at
// the training level (C3) and the gap on validation (C4).
describe('the positive control (loss on the answer, probe at SEP, shared instruction words)', () => {
  it('C1: top-layer ARI rises by more than the threshold on validation, and far on train', () => {
    expect(holds('C1', 'positive', 'validation', 'rise')).toBe(true);
    expect(verdict('C1', 'positive')).not.toBe('not supported');
    // The train rise's Holm p is about 0.03: its mean, with a wide margin, rather than its test.
    const trainRise = claim('C1').findings.find((f) => f.condition === 'positive' && f.scope === 'train')!.comparisons[0];
    expect(trainRise.estimate).toBeGreaterThan(0.5);
  });

  it('C3: the validation curve has the shape of the training curve', () => {
    expect(holds('C3', 'positive', 'validation vs train', 'curve correlation')).toBe(true);
  });

  it('C4: on the unseen distribution, instances in their task cluster are answered better by more than the effect size', () => {
    expect(holds('C4', 'positive', 'unseen-distribution', 'within-task gap')).toBe(true);
  });
});

// Measured (4 seeds): loss on every token, top-layer ARI at SEP rises by +0.20 [0.00, 0.40] to 0.31 only; at ANS
// by +0.08 to 0.20; lexical instruction words put every layer from 1 up at ARI 1.00.
describe('the negative controls', () => {
  it('loss on every token: C1 (clusters rising at SEP) is not supported', () => {
    expect(verdict('C1', 'loss-all')).toBe('not supported');
  });

  it('task-specific instruction words: C2 (clustering grows with depth) is not supported', () => {
    expect(verdict('C2', 'lexical')).toBe('not supported');
  });

  it('probe at ANS: C1 (clusters by task rising) is not supported', () => {
    expect(verdict('C1', 'ans')).toBe('not supported');
  });
});
