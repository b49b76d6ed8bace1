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
  // C4's effect size at this scale is 0.1 (the protocol's default, 0.2, is the full-scale one; see below).
  claims = await assessClaims(join(work, 'sweep'), { seed: 1, nResamples: 999, thresholds: { c4MinGap: 0.1 } });
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

// Measured (6 seeds, engine of 2026-11-29): top-layer ARI rises by +0.78 [0.61, 0.95] on train and +0.70 [0.55, 0.85]
// on validation; curves correlate at 0.965 [0.930, 1.000] (Holm p 0.005); on the unseen distribution, instances in
// their task's cluster are answered correctly 75% of the time against 25% outside it (within-task gap +0.33
// [0.17, 0.49], per seed 0.08 to 0.51), so a gap above 0.1 holds (p < 0.05 after Holm) and one above the protocol's
// full-scale 0.2 does not at 6 seeds. With 4 seeds, C3's correlation (Holm p 0.09) and C4 failed: the rounding
// change of one engine commit moved them across the line, hence 6. What this scale does not show (docs/PROTOCOL.md,
// "Controls measured so far"): saturation, the depth trend of C2, validation at the training level (C3) and the
// gap on validation (C4).
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

  it('C4: on the unseen distribution, instances in their task cluster are answered better by more than 0.1', () => {
    expect(holds('C4', 'positive', 'unseen-distribution', 'within-task gap')).toBe(true);
  });
});

// Measured (6 seeds): loss on every token, top-layer ARI at SEP rises by +0.30 [0.15, 0.44] to 0.39 on train and
// +0.23 [0.13, 0.34] to 0.33 on validation, neither shown above 0.2; at ANS by +0.11 to 0.21; lexical instruction
// words put every layer from 1 up at ARI 1.00.
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

  it("probe at ANS: C4 at the positive control's effect size (0.1) is not supported", () => {
    expect(verdict('C4', 'ans')).toBe('not supported');
  });
});
